package dev.stowage.engine.copy;

import dev.stowage.dockerfile.ignore.SlashPaths;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;

/**
 * Resolves a path inside a root directory the way continuity's {@code fs.RootPath} does: every component, the last
 * one included, is looked up below the root; a symlink's target is followed as if the root were {@code /} (an
 * absolute target restarts at the root, {@code ..} stops at the root), so nothing resolves to the host. A component
 * that does not exist ends the resolution: the rest of the path is appended as written.
 *
 * <p>Results are relative, slash-separated and clean ({@code ""} is the root itself). The threat model is a hostile
 * tree, not a process racing us inside it.
 */
public final class ScopedPaths {
  /** Symlinks followed before giving up, as in continuity. */
  static final int MAX_LINKS = 255;

  private static final LinkOption[] NOFOLLOW = {LinkOption.NOFOLLOW_LINKS};

  /** Hides entries from resolution, as if they did not exist (the build context after .dockerignore). */
  @FunctionalInterface
  interface Filter {
    boolean hidden(String relative, boolean directory);

    Filter NONE = (relative, directory) -> false;
  }

  private ScopedPaths() {}

  /** The host path of {@code path} (absolute or relative, {@code /} separated) resolved inside {@code root}. */
  public static Path resolve(Path root, String path) {
    return join(root, resolveRelative(root, path, Filter.NONE));
  }

  /** The relative, clean form of {@link #resolve}: {@code ""} for the root, else {@code a/b}. */
  public static String resolveRelative(Path root, String path) {
    return resolveRelative(root, path, Filter.NONE);
  }

  static String resolveRelative(Path root, String path, Filter filter) {
    List<String> pending = components(path);
    List<String> done = new ArrayList<>();
    int links = 0;
    while (!pending.isEmpty()) {
      String name = pending.remove(0);
      done.add(name);
      String relative = String.join("/", done);
      BasicFileAttributes attrs = lstatOrNull(root.resolve(relative));
      if (attrs == null || filter.hidden(relative, attrs.isDirectory())) {
        done.addAll(pending); // the rest cannot exist below a missing component
        break;
      }
      if (!attrs.isSymbolicLink()) {
        continue;
      }
      if (++links > MAX_LINKS) {
        throw new CopyException("resolving \"/" + SlashPaths.clean(path.startsWith("/") ? path.substring(1) : path)
            + "\": too many levels of symbolic links");
      }
      String target = readLink(root.resolve(relative));
      done.remove(done.size() - 1);
      String base = target.startsWith("/") ? "" : String.join("/", done);
      String rest = String.join("/", pending);
      pending = components(base + "/" + target + "/" + rest);
      done.clear();
    }
    return String.join("/", done);
  }

  /** {@code root} joined with a relative result of {@link #resolveRelative}. */
  static Path join(Path root, String relative) {
    return relative.isEmpty() ? root : root.resolve(relative);
  }

  /** The components of {@code path} cleaned as if it were rooted: {@code ..} never climbs above the root. */
  static List<String> components(String path) {
    String clean = SlashPaths.clean("/" + path);
    List<String> parts = new ArrayList<>();
    if (clean.equals("/")) {
      return parts;
    }
    for (String part : clean.substring(1).split("/")) {
      parts.add(part);
    }
    return parts;
  }

  /** The clean relative form of {@code path} ({@code ""} for the root), without touching the file system. */
  static String cleanRelative(String path) {
    return String.join("/", components(path));
  }

  static BasicFileAttributes lstatOrNull(Path path) {
    try {
      return Files.readAttributes(path, BasicFileAttributes.class, NOFOLLOW);
    } catch (NoSuchFileException e) {
      return null;
    } catch (FileSystemException e) {
      if (e.getReason() != null && e.getReason().contains("Not a directory")) {
        return null; // a file where a directory was expected: nothing below it exists
      }
      throw new UncheckedIOException("reading " + path + ": " + e.getMessage(), e);
    } catch (IOException e) {
      throw new UncheckedIOException("reading " + path + ": " + e.getMessage(), e);
    }
  }

  private static String readLink(Path link) {
    try {
      return Files.readSymbolicLink(link).toString();
    } catch (IOException e) {
      throw new UncheckedIOException("reading the symlink " + link + ": " + e.getMessage(), e);
    }
  }
}
