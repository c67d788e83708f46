package dev.stowage.oci.fs;

import java.io.IOException;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Optional;

/**
 * lstat(2) of one path as a value, for walks that stat every file of a tree (a build context's 20,000 files on
 * every rebuild). {@link #system()} reads it with one statx(2) through the foreign function API, where the JDK's
 * {@code unix:} attribute view builds a map of boxed values per file; callers fall back to that view where
 * {@code system()} is empty (Java 21).
 */
public interface Lstat {
  /**
   * The path's status, never following a symlink.
   *
   * @throws java.nio.file.NoSuchFileException when it does not exist
   * @throws java.nio.file.FileSystemException "Not a directory" when a parent is not a directory; else with the
   *     system's reason
   */
  Status lstat(Path path) throws IOException;

  /**
   * What {@code lstat} says: {@code mode} with its file-type bits; device numbers in the C library's
   * {@code dev_t} encoding, as the JDK's {@code unix:dev} and {@code unix:rdev} give them.
   */
  record Status(int mode, int uid, int gid, long size, FileTime mtime, FileTime atime, FileTime ctime, long dev,
      long ino, int nlink, long rdev) {}

  /** statx(2) through the foreign function API, linked once; empty where it cannot be (Java 21, not Linux). */
  static Optional<Lstat> system() {
    return SystemLstat.SYSTEM;
  }
}
