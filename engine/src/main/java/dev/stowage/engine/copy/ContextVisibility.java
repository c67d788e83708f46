package dev.stowage.engine.copy;

import dev.stowage.dockerfile.ignore.DockerIgnore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * The build context as BuildKit receives it after .dockerignore: an excluded entry does not exist, except a
 * directory that a {@code !pattern} re-includes something below (it is sent as the parent of what it holds).
 */
final class ContextVisibility implements ScopedPaths.Filter {
  private final Path root;
  private final DockerIgnore ignore;
  private final Map<String, Boolean> keptDirectories = new HashMap<>();

  ContextVisibility(Path root, DockerIgnore ignore) {
    this.root = root;
    this.ignore = ignore;
  }

  /** Whether .dockerignore excludes this context path itself ({@code a/b}; the root never). */
  boolean excluded(String relative) {
    return !relative.isEmpty() && ignore.excludes(relative);
  }

  /** Whether nothing below an excluded directory can be re-included, so a walk may skip it whole. */
  boolean excludesSubtrees() {
    return !ignore.hasExclusions();
  }

  @Override
  public boolean hidden(String relative, boolean directory) {
    if (!excluded(relative)) {
      return false;
    }
    if (!directory || excludesSubtrees()) {
      return true;
    }
    Boolean kept = keptDirectories.get(relative);
    if (kept == null) {
      kept = holdsVisibleEntry(relative); // recursive: no computeIfAbsent
      keptDirectories.put(relative, kept);
    }
    return !kept;
  }

  private boolean holdsVisibleEntry(String directory) {
    try (DirectoryStream<Path> children = Files.newDirectoryStream(root.resolve(directory))) {
      for (Path child : children) {
        String relative = directory + "/" + child.getFileName();
        UnixAttrs attrs = UnixAttrs.lstatOrNull(child);
        if (attrs != null && !hidden(relative, attrs.isDirectory())) {
          return true;
        }
      }
      return false;
    } catch (IOException e) {
      throw new UncheckedIOException("reading the context directory " + directory + ": " + e.getMessage(), e);
    }
  }
}
