package dev.stowage.secrets.tmpfs;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The memory-backed directory under which a build makes its {@link VolatileDir}s, found once per build:
 *
 * <ol>
 *   <li>the explicit {@code --volatile-root}, which must be tmpfs or ramfs (no silent fallback);
 *   <li>else the first candidate ({@code $XDG_RUNTIME_DIR}, {@code /dev/shm}, {@code /run}) that exists, is a
 *       writable directory and really is tmpfs or ramfs;
 *   <li>else, as root, a private tmpfs we mount ourselves, as BuildKit does for each secret:
 *       {@code mount -t tmpfs -o mode=0700,nodev,nosuid,noexec,size=N tmpfs <dir>}; {@link #close()}
 *       unmounts it.
 * </ol>
 *
 * <p>Only paths and options are ever put on a command line.
 */
public final class VolatileRoot implements AutoCloseable {
  private final Path path;
  private final boolean privateMount;
  private final TmpfsMounts mounts;
  private boolean closed;

  private VolatileRoot(Path path, boolean privateMount, TmpfsMounts mounts) {
    this.path = path;
    this.privateMount = privateMount;
    this.mounts = mounts;
  }

  /**
   * Finds or makes the root.
   *
   * @throws VolatileStorageException naming every place tried and why it did not fit
   */
  public static VolatileRoot locate(VolatileRootOptions options) {
    if (options.explicitRoot().isPresent()) {
      Path root = options.explicitRoot().get();
      VolatileFiles.requireVolatileDirectory(root, "--volatile-root");
      if (!Files.isWritable(root)) {
        throw new VolatileStorageException("--volatile-root " + root + " is not writable");
      }
      return new VolatileRoot(root, false, options.mounts());
    }
    List<String> tried = new ArrayList<>();
    for (Path candidate : options.candidates()) {
      String unfit = unfitReason(candidate);
      if (unfit == null) {
        return new VolatileRoot(candidate, false, options.mounts());
      }
      tried.add(unfit);
    }
    if (options.mayMount()) {
      return mountPrivate(options);
    }
    throw new VolatileStorageException(
        "found no tmpfs for secrets (" + String.join("; ", tried) + "); run as root so Stowage can mount one,"
            + " or pass --volatile-root <a tmpfs directory>");
  }

  private static String unfitReason(Path candidate) {
    if (!Files.isDirectory(candidate)) {
      return candidate + " does not exist";
    }
    String type;
    try {
      type = VolatileFiles.fileSystemType(candidate);
    } catch (IOException e) {
      return candidate + " cannot be inspected";
    }
    if (!VolatileFiles.VOLATILE_TYPES.contains(type)) {
      return candidate + " is on " + type;
    }
    if (!Files.isWritable(candidate)) {
      return candidate + " is not writable";
    }
    return null;
  }

  private static VolatileRoot mountPrivate(VolatileRootOptions options) {
    Path parent = options.privateMountParent();
    Path mountPoint = parent.resolve(VolatileNames.tagged(VolatileNames.MOUNT_PREFIX));
    try {
      Files.createDirectory(mountPoint, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
    } catch (IOException e) {
      throw new VolatileStorageException("cannot create a mount point for a private tmpfs in " + parent + ": " + e.getMessage(), e);
    }
    String mountOptions =
        "mode=0700,nodev,nosuid" + (options.noexec() ? ",noexec" : "") + ",size=" + options.privateMountBytes();
    Optional<String> failure = options.mounts().mount(mountPoint, mountOptions);
    if (failure.isPresent()) {
      deleteQuietly(mountPoint);
      throw new VolatileStorageException("mounting a private tmpfs at " + mountPoint + " failed (" + failure.get()
          + "); pass --volatile-root <a tmpfs directory> instead");
    }
    VolatileRoot root = new VolatileRoot(mountPoint, true, options.mounts());
    if (!VolatileFiles.isVolatile(mountPoint)) {
      try {
        root.close();
      } catch (VolatileStorageException e) {
        // Report the first problem; the cleaner of a later run removes what is left.
      }
      throw new VolatileStorageException(
          "mount reported success but " + mountPoint + " is still not tmpfs; pass --volatile-root <a tmpfs directory>");
    }
    return root;
  }

  public Path path() {
    return path;
  }

  /** Whether this root is a tmpfs we mounted (and will unmount on close). */
  public boolean isPrivateMount() {
    return privateMount;
  }

  /** A fresh private directory under this root. */
  public VolatileDir newDir() {
    if (closed) {
      throw new IllegalStateException("the volatile root " + path + " is closed");
    }
    return VolatileDir.create(path);
  }

  /**
   * Unmounts and removes a private tmpfs (its contents vanish with it); leaves a shared root such as
   * {@code /dev/shm} alone. Close the {@link VolatileDir}s first. Idempotent.
   */
  @Override
  public synchronized void close() {
    if (closed || !privateMount) {
      closed = true;
      return;
    }
    closed = true;
    unmount(mounts, path);
    try {
      Files.deleteIfExists(path);
    } catch (IOException e) {
      throw new VolatileStorageException("cannot remove the mount point " + path + ": " + e.getMessage(), e);
    }
  }

  /** Unmounts, lazily when the mount is busy, so it never outlives the build. */
  static void unmount(TmpfsMounts mounts, Path mountPoint) {
    mounts.unmount(mountPoint).ifPresent(failure -> {
      throw new VolatileStorageException("unmounting the private tmpfs at " + mountPoint + " failed (" + failure + ")");
    });
  }

  private static void deleteQuietly(Path path) {
    try {
      Files.deleteIfExists(path);
    } catch (IOException ignored) {
      // A later run's StaleVolatileCleaner removes it.
    }
  }

  @Override
  public String toString() {
    return "VolatileRoot[" + path + (privateMount ? ", private tmpfs" : "") + "]";
  }
}
