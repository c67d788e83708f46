package dev.stowage.oci.archive;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads and writes extended attributes of files, never following symlinks. The JDK reaches only the {@code user.}
 * name space; {@code security.capability} and {@code trusted.overlay.*} need {@link #system()} (system calls, or
 * {@code getfattr}/{@code setfattr} from the {@code attr} package where the JDK cannot make them).
 */
public interface XattrAccess {
  /** The attributes of one file that this access can read, sorted by name. */
  List<Xattr> list(Path path);

  /** Every readable attribute of every file under {@code root} (root included); files without any are absent. */
  default Map<Path, List<Xattr>> listTree(Path root, List<Path> paths) {
    Map<Path, List<Xattr>> result = new LinkedHashMap<>();
    for (Path path : paths) {
      List<Xattr> xattrs = list(path);
      if (!xattrs.isEmpty()) {
        result.put(path, xattrs);
      }
    }
    return result;
  }

  /** Whether {@link #set} can write an attribute with this name. */
  boolean canWrite(String name);

  void set(Path path, Xattr xattr);

  /** Reads nothing and writes nothing. */
  static XattrAccess none() {
    return NoXattrs.INSTANCE;
  }

  /** The JDK's {@code UserDefinedFileAttributeView}: the {@code user.} name space only. */
  static XattrAccess userNamespace() {
    return JdkUserXattrs.INSTANCE;
  }

  /**
   * Every name space the caller's privileges allow, through the {@code llistxattr}, {@code lgetxattr} and
   * {@code lsetxattr} system calls where the JDK can make them (Java 22 or later), else through {@link #attrTools()}.
   * The first call links the system calls (tens of milliseconds, once per JVM).
   *
   * @throws dev.stowage.oci.OciException when neither the system calls nor the attr tools are available
   */
  static XattrAccess system() {
    return SystemXattrs.foreign().orElseGet(XattrAccess::attrTools);
  }

  /** {@link #system()} when the system calls or the attr tools are available. */
  static Optional<XattrAccess> systemIfAvailable() {
    return SystemXattrs.foreign().or(XattrAccess::attrToolsIfInstalled);
  }

  /**
   * {@code getfattr}/{@code setfattr} processes: every name space the caller's privileges allow, at a process per
   * call ({@link #system()} is the fast way).
   */
  static XattrAccess attrTools() {
    return AttrToolXattrs.require();
  }

  /** {@link #attrTools()} when {@code getfattr} and {@code setfattr} are installed. */
  static Optional<XattrAccess> attrToolsIfInstalled() {
    return AttrToolXattrs.installed() ? Optional.of(AttrToolXattrs.require()) : Optional.empty();
  }
}
