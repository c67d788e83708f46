package dev.stowage.runtime.linux;

import java.nio.file.Path;
import java.util.Map;

/**
 * What an errno from mount(2) or umount2(2) means, in the words mount(8) and umount(8) use for it, so a message
 * reads the same whichever way the mount was made. The numbers are Linux's generic ones. Pure.
 */
final class MountErrno {
  static final int EPERM = 1;
  static final int ENOENT = 2;
  static final int EIO = 5;
  static final int ENXIO = 6;
  static final int ENOMEM = 12;
  static final int EACCES = 13;
  static final int ENOTBLK = 15;
  static final int EBUSY = 16;
  static final int ENODEV = 19;
  static final int ENOTDIR = 20;
  static final int EINVAL = 22;
  static final int EMFILE = 24;
  static final int EROFS = 30;
  static final int ENAMETOOLONG = 36;
  static final int ELOOP = 40;
  static final int ENOMEDIUM = 123;


  private static final Map<Integer, String> NAMES = Map.ofEntries(
      Map.entry(EPERM, "EPERM"), Map.entry(ENOENT, "ENOENT"), Map.entry(EIO, "EIO"), Map.entry(ENXIO, "ENXIO"),
      Map.entry(ENOMEM, "ENOMEM"), Map.entry(EACCES, "EACCES"), Map.entry(ENOTBLK, "ENOTBLK"),
      Map.entry(EBUSY, "EBUSY"), Map.entry(ENODEV, "ENODEV"), Map.entry(ENOTDIR, "ENOTDIR"),
      Map.entry(EINVAL, "EINVAL"), Map.entry(EMFILE, "EMFILE"), Map.entry(EROFS, "EROFS"),
      Map.entry(ENAMETOOLONG, "ENAMETOOLONG"), Map.entry(ELOOP, "ELOOP"), Map.entry(ENOMEDIUM, "ENOMEDIUM"));

  /** What is at the mount point, which mount(8) looks at to explain ENOENT, ENOTDIR and EPERM. */
  enum Target { DIRECTORY, NOT_A_DIRECTORY, MISSING, DANGLING_SYMLINK }

  private MountErrno() {}

  /** umount2(2) failed because there is nothing to unmount: not a mount point (EINVAL) or no such path. */
  static boolean notMounted(int errno) {
    return errno == EINVAL || errno == ENOENT;
  }

  static String mountFailure(MountCall call, int errno, Target target) {
    String source = call.source();
    boolean overlay = call.fsType().equals("overlay");
    String reason = switch (errno) {
      case EPERM -> target == Target.DIRECTORY
          ? "permission denied (mounting needs root, i.e. CAP_SYS_ADMIN)"
          : "mount point is not a directory";
      case EBUSY -> source + " already mounted or mount point busy";
      case ENOENT -> switch (target) {
        case MISSING -> "mount point does not exist";
        case DANGLING_SYMLINK -> "mount point is a symbolic link to nowhere";
        default -> overlay ? "a lower, upper or work directory does not exist"
            : "special device " + source + " does not exist";
      };
      case ENOTDIR -> target == Target.DIRECTORY
          ? "a component of a path in the source or the options is not a directory"
          : "mount point is not a directory";
      case EINVAL -> "wrong fs type, bad option, bad superblock on " + source
          + ", missing codepage or helper program, or other error";
      case EMFILE -> "mount table full";
      case EIO -> "can't read superblock on " + source;
      case ENODEV -> "unknown filesystem type '" + call.fsType() + "'";
      case ENOTBLK -> source + " is not a block device";
      case ENXIO -> source + " is not a valid block device";
      case EACCES, EROFS -> (call.flags() & MountPlan.Options.MS_RDONLY) != 0
          ? "cannot mount " + source + " read-only"
          : "permission denied";
      case ENOMEDIUM -> "no medium found on " + source;
      case ENOMEM -> "out of memory (too many lower directories?)";
      default -> "mount(2) system call failed";
    };
    return "mount -t " + call.fsType() + " " + source + " " + call.target() + " failed: " + reason + " ("
        + name(errno) + "); dmesg(1) may have more information after a failed mount system call";
  }

  static String umountFailure(Path target, int errno) {
    String reason = switch (errno) {
      case EBUSY -> "target is busy, and detaching it lazily failed too";
      case EINVAL -> "not mounted";
      case ENOENT -> "no such file or directory";
      case EPERM, EACCES -> "permission denied (unmounting needs root, i.e. CAP_SYS_ADMIN)";
      case EIO -> "can't write superblock";
      default -> "umount2(2) system call failed";
    };
    return "umount " + target + " failed: " + reason + " (" + name(errno) + ")";
  }

  static String name(int errno) {
    return NAMES.getOrDefault(errno, "errno " + errno);
  }
}
