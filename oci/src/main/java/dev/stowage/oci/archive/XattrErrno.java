package dev.stowage.oci.archive;

import java.nio.file.Path;
import java.util.Map;

/**
 * What an errno from an extended-attribute system call means, as one line a user can act on. The numbers are
 * Linux's generic ones (x86-64, arm64, RISC-V, POWER, s390x share them). Pure.
 */
final class XattrErrno {
  static final int EPERM = 1;
  static final int ENOENT = 2;
  static final int E2BIG = 7;
  static final int EACCES = 13;
  static final int ENOTDIR = 20;
  static final int EINVAL = 22;
  static final int ENOSPC = 28;
  static final int EROFS = 30;
  static final int ERANGE = 34;
  static final int ENAMETOOLONG = 36;
  static final int ELOOP = 40;
  static final int ENODATA = 61;
  /** Also EOPNOTSUPP on Linux. */
  static final int ENOTSUP = 95;
  static final int EDQUOT = 122;

  private static final Map<Integer, String> NAMES = Map.ofEntries(
      Map.entry(EPERM, "EPERM"), Map.entry(ENOENT, "ENOENT"), Map.entry(E2BIG, "E2BIG"),
      Map.entry(EACCES, "EACCES"), Map.entry(ENOTDIR, "ENOTDIR"), Map.entry(EINVAL, "EINVAL"),
      Map.entry(ENOSPC, "ENOSPC"), Map.entry(EROFS, "EROFS"), Map.entry(ERANGE, "ERANGE"),
      Map.entry(ENAMETOOLONG, "ENAMETOOLONG"), Map.entry(ELOOP, "ELOOP"), Map.entry(ENODATA, "ENODATA"),
      Map.entry(ENOTSUP, "ENOTSUP"), Map.entry(EDQUOT, "EDQUOT"));

  private XattrErrno() {}

  /** The file system keeps no attributes (ENOTSUP) or not this one (ENODATA): for reading, there are none. */
  static boolean meansNone(int errno) {
    return errno == ENOTSUP || errno == ENODATA;
  }

  static String listFailure(Path path, int errno) {
    return "listing the extended attributes of " + path + " failed: " + reason(errno, null);
  }

  static String getFailure(Path path, String name, int errno) {
    return "reading extended attribute " + name + " of " + path + " failed: " + reason(errno, name);
  }

  static String setFailure(Path path, String name, int errno) {
    return "setting extended attribute " + name + " on " + path + " failed: " + reason(errno, name);
  }

  /** The reason with a hint where one helps, and the errno's name. */
  static String reason(int errno, String name) {
    String text = switch (errno) {
      case EPERM -> name != null && name.startsWith("user.")
          ? "operation not permitted (Linux allows user.* attributes only on regular files and directories)"
          : "operation not permitted (trusted.* and security.* attributes need root, i.e. CAP_SYS_ADMIN or "
              + "CAP_SETFCAP)";
      case ENOENT -> "no such file or directory";
      case E2BIG -> "the value is larger than the file system allows";
      case EACCES -> "permission denied";
      case ENOTDIR -> "a component of the path is not a directory";
      case EINVAL -> "invalid attribute name or name space";
      case ENOSPC, EDQUOT -> "no space left for attributes on the file system (or the quota is used up)";
      case EROFS -> "the file system is read-only";
      case ERANGE -> name == null ? "the list of attribute names is too long" : "the name or value is too long";
      case ENAMETOOLONG -> "the path is too long";
      case ELOOP -> "too many levels of symbolic links in the path";
      case ENODATA -> "no such attribute";
      case ENOTSUP -> name == null || name.indexOf('.') < 0
          ? "the file system does not support extended attributes (or this name)"
          : "the file system does not support the " + name.substring(0, name.indexOf('.'))
              + ".* name space (or extended attributes at all)";
      default -> "system error";
    };
    return text + " (" + name(errno) + ")";
  }

  static String name(int errno) {
    return NAMES.getOrDefault(errno, "errno " + errno);
  }
}
