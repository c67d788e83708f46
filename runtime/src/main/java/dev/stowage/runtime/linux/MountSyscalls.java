package dev.stowage.runtime.linux;

import java.nio.file.Path;

/**
 * The two system calls {@link Mounter} makes instead of running mount(8) and umount(8). Implemented by
 * {@link ForeignMounts} (compiled for Java 22) and found through {@link SystemMounts}; this interface is Java 21
 * code, so the rest of the module never names the foreign class.
 */
interface MountSyscalls {
  /** umount2(2): detach now and finish when the last user is gone (MNT_DETACH). */
  int MNT_DETACH = 2;
  /** umount2(2): do not follow a final symlink, so a symlink is never taken for the mount it points at. */
  int UMOUNT_NOFOLLOW = 8;

  /**
   * mount(2).
   *
   * @param data the file system's options, passed as UTF-8; empty for a null pointer
   * @return 0, or the errno the call failed with
   */
  int mount(String source, Path target, String fsType, long flags, String data);

  /**
   * umount2(2).
   *
   * @return 0, or the errno the call failed with
   */
  int umount2(Path target, int flags);
}
