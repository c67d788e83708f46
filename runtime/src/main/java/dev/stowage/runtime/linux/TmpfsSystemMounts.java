package dev.stowage.runtime.linux;

import dev.stowage.secrets.tmpfs.TmpfsMounts;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The secrets' private tmpfs mounted by {@link Mounter}: the mount(2) and umount2(2) system calls where the JDK
 * can make them (Java 22 or later), else mount(8) and umount(8), as the secrets module does on its own.
 */
public final class TmpfsSystemMounts implements TmpfsMounts {
  private final Mounter mounter;

  public TmpfsSystemMounts(Mounter mounter) {
    this.mounter = mounter;
  }

  /** Through this host's system calls or programs. */
  public static TmpfsMounts system() {
    return new TmpfsSystemMounts(new Mounter(new ProcessCommandRunner()));
  }

  @Override
  public Optional<String> mount(Path target, String options) {
    try {
      mounter.mount("tmpfs", "tmpfs", target, options, null);
      return Optional.empty();
    } catch (MountException | CommandFailedException e) {
      return Optional.of(e.getMessage());
    }
  }

  @Override
  public Optional<String> unmount(Path target) {
    try {
      mounter.unmount(target);
      return Optional.empty();
    } catch (MountException | CommandFailedException e) {
      return Optional.of(e.getMessage());
    }
  }
}
