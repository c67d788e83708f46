package dev.stowage.engine.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * The layout of Stowage's state directory ({@code --root}; /var/lib/stowage as root). It holds blobs, unpacked
 * layers, image names and cache entries: never a secret (those live in memory and on tmpfs only).
 */
public record StateDir(Path root) {

  /** The default: /var/lib/stowage as root, else $XDG_DATA_HOME/stowage (~/.local/share/stowage). */
  public static Path defaultRoot() {
    if ("root".equals(System.getProperty("user.name"))) {
      return Path.of("/var/lib/stowage");
    }
    String xdg = System.getenv("XDG_DATA_HOME");
    Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg)
        : Path.of(System.getProperty("user.home"), ".local", "share");
    return base.resolve("stowage");
  }

  /** Opens (creating as needed, mode 0700) the state directory. */
  public static StateDir open(Path root) {
    try {
      Files.createDirectories(root);
      try {
        Files.setPosixFilePermissions(root, PosixFilePermissions.fromString("rwx------"));
      } catch (UnsupportedOperationException ignored) {
        // not a POSIX file system: nothing to tighten
      }
      StateDir dir = new StateDir(root.toAbsolutePath());
      for (Path p : new Path[] {dir.blobs(), dir.snapshots(), dir.cache(), dir.tmp()}) {
        Files.createDirectories(p);
      }
      return dir;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create the state directory " + root + ": " + e.getMessage(), e);
    }
  }

  /** Content-addressed blobs. */
  public Path blobs() {
    return root.resolve("store");
  }

  /** Unpacked layers and the overlay mounts of running steps. */
  public Path snapshots() {
    return root.resolve("snapshots");
  }

  /** Build cache entries and cache mounts. */
  public Path cache() {
    return root.resolve("cache");
  }

  /**
   * The content hashes of build-context files, keyed by their stat (one file per context directory), so a rebuild
   * reads only what changed. Disposable: deleting it costs one full read of the context.
   */
  public Path contextHashes() {
    return cache().resolve("context-hashes");
  }

  /** The image-name index. */
  public Path images() {
    return root.resolve("images.json");
  }

  /** runc's state. */
  public Path runc() {
    return root.resolve("runc");
  }

  /** Scratch space on the same file system (never for secrets). */
  public Path tmp() {
    return root.resolve("tmp");
  }
}
