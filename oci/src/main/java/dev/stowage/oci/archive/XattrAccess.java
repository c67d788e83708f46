package dev.stowage.oci.archive;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads and writes extended attributes of files, never following symlinks. The JDK reaches only the {@code user.}
 * name space; {@code security.capability} and {@code trusted.overlay.*} need {@link #attrTools()}
 * ({@code getfattr}/{@code setfattr} from the {@code attr} package) or another implementation.
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

  /** {@code getfattr}/{@code setfattr} processes: every name space the caller's privileges allow. */
  static XattrAccess attrTools() {
    return AttrToolXattrs.require();
  }

  /** {@link #attrTools()} when {@code getfattr} and {@code setfattr} are installed. */
  static Optional<XattrAccess> attrToolsIfInstalled() {
    return AttrToolXattrs.installed() ? Optional.of(AttrToolXattrs.require()) : Optional.empty();
  }
}
