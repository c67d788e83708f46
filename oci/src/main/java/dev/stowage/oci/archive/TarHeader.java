package dev.stowage.oci.archive;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The metadata of one tar entry, as read from a layer or to be written into one. {@code path} is relative with
 * {@code /} separators and no trailing slash; {@code mode} holds the 12 permission bits ({@code 07777});
 * {@code size} is the content length of regular files and 0 for every other type.
 */
public record TarHeader(
    String path,
    EntryType type,
    int mode,
    long uid,
    long gid,
    String uname,
    String gname,
    long size,
    Instant mtime,
    String linkTarget,
    int devMajor,
    int devMinor,
    List<Xattr> xattrs) {

  public TarHeader {
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(type, "type");
    if ((mode & ~07777) != 0) {
      throw new IllegalArgumentException("mode " + Integer.toOctalString(mode) + " of " + path
          + " has bits outside 07777");
    }
    if (uid < 0 || gid < 0) {
      throw new IllegalArgumentException("negative uid or gid for " + path);
    }
    Objects.requireNonNull(uname, "uname");
    Objects.requireNonNull(gname, "gname");
    if (size < 0) {
      throw new IllegalArgumentException("negative size for " + path);
    }
    if (!type.hasContent() && size != 0) {
      throw new IllegalArgumentException(type + " entry " + path + " cannot have content (size " + size + ")");
    }
    Objects.requireNonNull(mtime, "mtime");
    Objects.requireNonNull(linkTarget, "linkTarget");
    if ((type == EntryType.SYMLINK || type == EntryType.HARDLINK) && linkTarget.isEmpty()) {
      throw new IllegalArgumentException(type + " entry " + path + " needs a link target");
    }
    List<Xattr> sorted = new ArrayList<>(xattrs);
    sorted.sort(null);
    xattrs = List.copyOf(sorted);
  }

  /** A header with root ownership, no names, mtime 0, no xattrs. */
  public static TarHeader of(String path, EntryType type, int mode, long size, String linkTarget) {
    return new TarHeader(path, type, mode, 0, 0, "", "", size, Instant.EPOCH, linkTarget, 0, 0, List.of());
  }

  public static TarHeader directory(String path, int mode) {
    return of(path, EntryType.DIRECTORY, mode, 0, "");
  }

  public static TarHeader file(String path, int mode, long size) {
    return of(path, EntryType.FILE, mode, size, "");
  }

  public static TarHeader symlink(String path, String target) {
    return of(path, EntryType.SYMLINK, 0777, 0, target);
  }

  public static TarHeader hardlink(String path, String target) {
    return of(path, EntryType.HARDLINK, 0644, 0, target);
  }

  public static TarHeader device(String path, EntryType type, int mode, int major, int minor) {
    return new TarHeader(path, type, mode, 0, 0, "", "", 0, Instant.EPOCH, "", major, minor, List.of());
  }

  public TarHeader withOwner(long newUid, long newGid) {
    return new TarHeader(path, type, mode, newUid, newGid, uname, gname, size, mtime, linkTarget, devMajor, devMinor,
        xattrs);
  }

  public TarHeader withOwnerNames(String newUname, String newGname) {
    return new TarHeader(path, type, mode, uid, gid, newUname, newGname, size, mtime, linkTarget, devMajor, devMinor,
        xattrs);
  }

  public TarHeader withMode(int newMode) {
    return new TarHeader(path, type, newMode, uid, gid, uname, gname, size, mtime, linkTarget, devMajor, devMinor,
        xattrs);
  }

  public TarHeader withMtime(Instant newMtime) {
    return new TarHeader(path, type, mode, uid, gid, uname, gname, size, newMtime, linkTarget, devMajor, devMinor,
        xattrs);
  }

  public TarHeader withPath(String newPath) {
    return new TarHeader(newPath, type, mode, uid, gid, uname, gname, size, mtime, linkTarget, devMajor, devMinor,
        xattrs);
  }

  public TarHeader withXattrs(List<Xattr> newXattrs) {
    return new TarHeader(path, type, mode, uid, gid, uname, gname, size, mtime, linkTarget, devMajor, devMinor,
        newXattrs);
  }

  /** The last path component. */
  public String baseName() {
    int slash = path.lastIndexOf('/');
    return slash < 0 ? path : path.substring(slash + 1);
  }
}
