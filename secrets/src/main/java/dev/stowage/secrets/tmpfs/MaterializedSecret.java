package dev.stowage.secrets.tmpfs;

import dev.stowage.secrets.SecretId;
import dev.stowage.secrets.SecretValue;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * One secret written to a file with a random name inside a {@link VolatileDir}, ready to be bind-mounted into
 * a container read-only.
 *
 * <p>The file is created with mode 0600 (never readable by others, even for a moment), filled, then given the
 * requested owner and, last (a chown may clear set-id bits), the requested mode. {@link #close()} overwrites
 * the bytes with zeros, then unlinks the file.
 */
public final class MaterializedSecret implements AutoCloseable {
  /** BuildKit's default for {@code RUN --mount=type=secret}: read-only for the owner. */
  public static final int DEFAULT_MODE = 0400;

  private final SecretId id;
  private final Path path;
  private boolean closed;

  private MaterializedSecret(SecretId id, Path path) {
    this.id = id;
    this.path = path;
  }

  /**
   * Writes {@code value} into {@code dir} with the given mode (permission bits, 0 to 07777), owner and group.
   *
   * @throws VolatileStorageException if the file cannot be written or given its owner and mode; nothing is
   *     left behind then
   */
  public static MaterializedSecret write(VolatileDir dir, SecretId id, SecretValue value, int mode, int uid, int gid) {
    if (mode < 0 || mode > 07777) {
      throw new IllegalArgumentException("mode " + Integer.toOctalString(mode) + " for secret '" + id + "' is not a file mode (0 to 7777 octal)");
    }
    if (uid < 0 || gid < 0) {
      throw new IllegalArgumentException("uid and gid for secret '" + id + "' must not be negative");
    }
    Path path = dir.path().resolve(VolatileNames.random(16));
    try {
      try (SeekableByteChannel channel =
          Files.newByteChannel(
              path,
              Set.<OpenOption>of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS),
              PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")))) {
        value.reveal(
            buffer -> {
              try {
                while (buffer.hasRemaining()) {
                  channel.write(buffer);
                }
              } catch (IOException e) {
                throw new UncheckedIOException(e);
              }
            });
      }
      if (uid != (Integer) Files.getAttribute(path, "unix:uid", LinkOption.NOFOLLOW_LINKS)) {
        Files.setAttribute(path, "unix:uid", uid, LinkOption.NOFOLLOW_LINKS);
      }
      if (gid != (Integer) Files.getAttribute(path, "unix:gid", LinkOption.NOFOLLOW_LINKS)) {
        Files.setAttribute(path, "unix:gid", gid, LinkOption.NOFOLLOW_LINKS);
      }
      Files.setAttribute(path, "unix:mode", mode, LinkOption.NOFOLLOW_LINKS);
    } catch (IOException | UncheckedIOException | IllegalStateException e) {
      String reason = e instanceof UncheckedIOException u ? u.getCause().getMessage() : e.getMessage();
      try {
        VolatileFiles.overwriteAndDelete(path);
      } catch (NoSuchFileException never) {
        // Creation itself failed.
      } catch (IOException cleanup) {
        e.addSuppressed(cleanup);
      }
      throw new VolatileStorageException(
          "writing secret '" + id + "' to " + dir.path() + " with mode " + Integer.toOctalString(mode) + ", uid "
              + uid + ", gid " + gid + " failed: " + reason,
          e);
    }
    return new MaterializedSecret(id, path);
  }

  /** Writes {@code value} with BuildKit's defaults: mode 0400, owned by root. */
  public static MaterializedSecret write(VolatileDir dir, SecretId id, SecretValue value) {
    return write(dir, id, value, DEFAULT_MODE, 0, 0);
  }

  public SecretId id() {
    return id;
  }

  /** The host path of the file, to bind-mount into the container. */
  public Path path() {
    return path;
  }

  /** Overwrites the file with zeros and unlinks it. Idempotent. */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    try {
      VolatileFiles.overwriteAndDelete(path);
    } catch (NoSuchFileException gone) {
      // Already removed, for example with its whole directory.
    } catch (IOException e) {
      throw new VolatileStorageException("removing the file of secret '" + id + "' (" + path + ") failed: " + e.getMessage(), e);
    }
  }

  @Override
  public String toString() {
    return "MaterializedSecret[" + id + " at " + path + "]";
  }
}
