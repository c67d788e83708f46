package dev.stowage.secrets.tmpfs;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * A private directory on tmpfs or ramfs where secret bytes may be written: materialised secret files, and the
 * OCI runtime bundle whose {@code config.json} holds secret environment variables.
 *
 * <p>{@link #create} refuses a parent on any other file system (as reported by {@code FileStore.type()}),
 * and makes the directory with mode 0700 and a random name that also records our pid, so a later run can
 * remove it if this process is killed ({@link StaleVolatileCleaner}). {@link #close()} overwrites every file
 * with zeros, deletes everything and removes the directory; it never follows links or crosses into a mount.
 */
public final class VolatileDir implements AutoCloseable {
  private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rwx------");

  private final Path path;
  private boolean closed;

  private VolatileDir(Path path) {
    this.path = path;
  }

  /**
   * Creates a fresh directory in {@code parent}.
   *
   * @throws VolatileStorageException if {@code parent} is not an existing directory on tmpfs or ramfs
   */
  public static VolatileDir create(Path parent) {
    VolatileFiles.requireVolatileDirectory(parent, "the directory");
    for (int attempt = 0; ; attempt++) {
      Path dir = parent.resolve(VolatileNames.tagged(VolatileNames.DIR_PREFIX));
      try {
        Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
      } catch (FileAlreadyExistsException e) {
        if (attempt < 3) {
          continue; // 64 random bits collided: vanishingly rare, but try another name
        }
        throw new VolatileStorageException("cannot create a private directory in " + parent + ": " + e.getMessage(), e);
      } catch (IOException e) {
        throw new VolatileStorageException("cannot create a private directory in " + parent + ": " + e.getMessage(), e);
      }
      try {
        // The umask can only remove bits, but check: the promise is "owner only".
        if (!Files.getPosixFilePermissions(dir, LinkOption.NOFOLLOW_LINKS).equals(OWNER_ONLY)) {
          Files.setPosixFilePermissions(dir, OWNER_ONLY);
        }
      } catch (IOException e) {
        VolatileFiles.wipeTree(dir);
        throw new VolatileStorageException("cannot make " + dir + " private (mode 0700): " + e.getMessage(), e);
      }
      return new VolatileDir(dir);
    }
  }

  public Path path() {
    return path;
  }

  /** Overwrites and deletes everything inside, then the directory. Idempotent. */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    VolatileFiles.wipeTree(path);
  }

  @Override
  public String toString() {
    return "VolatileDir[" + path + "]";
  }
}
