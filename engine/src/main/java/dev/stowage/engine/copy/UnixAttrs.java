package dev.stowage.engine.copy;

import dev.stowage.oci.fs.Lstat;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Map;
import java.util.Optional;

/**
 * What {@code lstat(2)} says about one entry: its type, the 12 mode bits, owner, size, times (nanoseconds) and
 * identity. Read with one statx(2) ({@link Lstat#system()}), or one {@code unix:} attribute call where that cannot be
 * linked, so the walk stats each entry once.
 */
record UnixAttrs(
    Type type, int mode, int uid, int gid, long size, FileTime mtime, FileTime atime, FileTime ctime, long dev,
    long ino, int nlink, long rdev) {

  enum Type { DIRECTORY, FILE, SYMLINK, CHAR_DEVICE, BLOCK_DEVICE, FIFO, SOCKET }

  private static final String ATTRIBUTES =
      "unix:mode,uid,gid,size,lastModifiedTime,lastAccessTime,ctime,dev,ino,nlink,rdev";

  /** The entry's attributes without following a symlink; null when it does not exist. */
  static UnixAttrs lstatOrNull(Path path) {
    try {
      return lstat(path);
    } catch (NoSuchFileException e) {
      return null;
    } catch (IOException e) {
      if (e.getMessage() != null && e.getMessage().contains("Not a directory")) {
        return null;
      }
      throw new CopyException("reading " + path + ": " + e.getMessage(), e);
    }
  }

  static UnixAttrs lstat(Path path) throws IOException {
    Optional<Lstat> system = Lstat.system();
    if (system.isPresent()) {
      Lstat.Status s = system.get().lstat(path);
      return new UnixAttrs(typeOf(s.mode()), s.mode() & 07777, s.uid(), s.gid(), s.size(), s.mtime(), s.atime(),
          s.ctime(), s.dev(), s.ino(), s.nlink(), s.rdev());
    }
    Map<String, Object> a = Files.readAttributes(path, ATTRIBUTES, LinkOption.NOFOLLOW_LINKS);
    int rawMode = (Integer) a.get("mode");
    return new UnixAttrs(typeOf(rawMode), rawMode & 07777, (Integer) a.get("uid"), (Integer) a.get("gid"),
        (Long) a.get("size"), (FileTime) a.get("lastModifiedTime"), (FileTime) a.get("lastAccessTime"),
        (FileTime) a.get("ctime"), (Long) a.get("dev"), (Long) a.get("ino"), (Integer) a.get("nlink"),
        (Long) a.get("rdev"));
  }

  private static Type typeOf(int mode) {
    return switch (mode & 0170000) {
      case 0040000 -> Type.DIRECTORY;
      case 0100000 -> Type.FILE;
      case 0120000 -> Type.SYMLINK;
      case 0020000 -> Type.CHAR_DEVICE;
      case 0060000 -> Type.BLOCK_DEVICE;
      case 0010000 -> Type.FIFO;
      case 0140000 -> Type.SOCKET;
      default -> throw new IllegalArgumentException("unknown file type in mode " + Integer.toOctalString(mode));
    };
  }

  boolean isDirectory() {
    return type == Type.DIRECTORY;
  }

  boolean isFile() {
    return type == Type.FILE;
  }

  boolean isSymlink() {
    return type == Type.SYMLINK;
  }

  /** The device's major number, decoded as glibc's {@code major()} does. */
  int major() {
    return (int) (((rdev >>> 8) & 0xfff) | ((rdev >>> 32) & ~0xfffL));
  }

  /** The device's minor number, decoded as glibc's {@code minor()} does. */
  int minor() {
    return (int) ((rdev & 0xff) | ((rdev >>> 12) & ~0xffL));
  }
}
