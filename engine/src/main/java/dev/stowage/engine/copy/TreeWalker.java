package dev.stowage.engine.copy;

import dev.stowage.dockerfile.ignore.DockerIgnore;
import dev.stowage.dockerfile.ignore.IgnorePattern;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Walks one selected source in name order (bytewise, as Go sorts), deciding for each entry below it whether it is
 * copied: include patterns ({@code --parents}), {@code --exclude} patterns and .dockerignore, all with
 * patternmatcher's "the path or a parent matches" rule. The selected source itself is always included (BuildKit
 * matches patterns only below it). Symlinks are never followed. Subtrees that no pattern can bring back are skipped.
 */
final class TreeWalker {
  /**
   * Byte order of the UTF-8 names: Go's {@code sort.Strings}. UTF-8's byte order is code point order, which is
   * UTF-16's order except that surrogates (code points above U+FFFF) sort above U+E000..U+FFFF: compared char by
   * char, without encoding every name on every comparison.
   */
  static final Comparator<String> GO_ORDER = TreeWalker::compareCodePoints;

  static int compareCodePoints(String a, String b) {
    int common = Math.min(a.length(), b.length());
    for (int i = 0; i < common; i++) {
      char x = a.charAt(i);
      char y = b.charAt(i);
      if (x != y) {
        boolean xSurrogate = Character.isSurrogate(x);
        if (xSurrogate != Character.isSurrogate(y)) {
          return xSurrogate ? 1 : -1;
        }
        return Character.compare(x, y);
      }
    }
    return Integer.compare(a.length(), b.length());
  }

  private final DockerIgnore include;
  private final DockerIgnore exclude;
  private final ContextVisibility context;

  /**
   * @param include patterns an entry must match to be copied, or null for all
   * @param exclude patterns that leave an entry out, or null
   * @param context the build context's .dockerignore view, or null for a stage or image
   */
  TreeWalker(DockerIgnore include, DockerIgnore exclude, ContextVisibility context) {
    this.include = include == null || include.isEmpty() ? null : include;
    this.exclude = exclude == null || exclude.isEmpty() ? null : exclude;
    this.context = context;
  }

  /**
   * Walks {@code source} (already resolved, at {@code rootRelative} below the source root).
   *
   * @param name the name the source is copied under when its destination is a directory
   */
  void walk(Path source, String rootRelative, String name, UnixAttrs attrs, EntrySink sink) {
    visit(new Entry(source, "", name, attrs), rootRelative, sink);
  }

  private void visit(Entry entry, String rootRelative, EntrySink sink) {
    boolean included = true;
    boolean prune = false;
    if (!entry.isTop()) {
      if (include != null && !include.excludes(entry.relative)) {
        included = false;
        prune = !couldIncludeBelow(entry.relative);
      }
      if (exclude != null && exclude.excludes(entry.relative)) {
        included = false;
        prune |= !exclude.hasExclusions();
      }
      if (context != null && context.excluded(rootRelative)) {
        included = false;
        prune |= context.excludesSubtrees();
      }
    }
    if (!entry.attrs.isDirectory()) {
      if (included) {
        sink.leaf(entry);
      }
      return;
    }
    if (!included && prune) {
      return;
    }
    sink.enterDirectory(entry, included);
    for (String child : children(entry.source)) {
      Path path = entry.source.resolve(child);
      UnixAttrs attrs = UnixAttrs.lstatOrNull(path);
      if (attrs == null) {
        continue; // gone since the listing
      }
      String relative = entry.relative.isEmpty() ? child : entry.relative + "/" + child;
      String childRootRelative = rootRelative.isEmpty() ? child : rootRelative + "/" + child;
      visit(new Entry(path, relative, child, attrs), childRootRelative, sink);
    }
    sink.exitDirectory(entry, included);
  }

  /**
   * Whether some include pattern could match a path below {@code directory}: each of its components must match the
   * pattern's component at the same depth ({@code **} matches any depth). Conservative: when unsure, yes.
   */
  private boolean couldIncludeBelow(String directory) {
    String[] dirParts = directory.split("/");
    for (IgnorePattern pattern : include.patterns()) {
      if (pattern.exclusion()) {
        return true;
      }
      String[] parts = pattern.pattern().split("/");
      boolean possible = true;
      for (int i = 0; i < dirParts.length; i++) {
        if (i >= parts.length) {
          possible = false; // the pattern is shallower: it would have matched a parent already
          break;
        }
        if (parts[i].contains("**")) {
          break;
        }
        try {
          if (!GoGlob.matches(parts[i], dirParts[i])) {
            possible = false;
            break;
          }
        } catch (IllegalArgumentException e) {
          break;
        }
      }
      if (possible) {
        return true;
      }
    }
    return false;
  }

  private static List<String> children(Path directory) {
    List<String> names = new ArrayList<>();
    try (DirectoryStream<Path> stream = Files.newDirectoryStream(directory)) {
      for (Path child : stream) {
        names.add(child.getFileName().toString());
      }
    } catch (IOException e) {
      throw new CopyException("reading directory " + directory + ": " + e.getMessage(), e);
    }
    names.sort(GO_ORDER);
    return names;
  }
}
