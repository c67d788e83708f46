package dev.stowage.runtime.overlay;

import dev.stowage.runtime.linux.MountTable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Deleting snapshot and scratch directories: never through a link, and never while anything is mounted inside.
 */
public final class FileTrees {
  private FileTrees() {}

  /**
   * Deletes {@code relative} (a {@code /}-separated path) below {@code root} with everything under it, when every
   * directory on the way is a real directory: a link on the way leads elsewhere, and nothing is deleted then.
   */
  static void deleteInside(Path root, String relative) throws IOException {
    Path path = root;
    String[] parts = relative.split("/");
    for (int i = 0; i < parts.length - 1; i++) {
      path = path.resolve(parts[i]);
      if (!Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS)) {
        return;
      }
    }
    path = path.resolve(parts[parts.length - 1]);
    if (Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS)) {
      deleteTree(path);
    } else {
      Files.deleteIfExists(path);
    }
  }

  /**
   * Deletes {@code dir} and everything in it. Refuses when a mount remains below it: deleting through a mounted
   * overlay would delete files of the layers underneath.
   */
  public static void deleteTree(Path dir) throws IOException {
    if (!Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
      return;
    }
    Optional<Path> mounted = MountTable.read().anyMountPointUnder(dir);
    if (mounted.isPresent()) {
      throw new SnapshotException("refusing to delete " + dir + ": " + mounted.get() + " is still mounted");
    }
    dev.stowage.oci.fs.FileTrees.removeAll(dir);
  }
}
