package dev.stowage.dockerfile.ignore;

import java.util.ArrayList;
import java.util.List;

/**
 * The patterns of one {@code .dockerignore} and the question BuildKit asks of them: is this context path excluded?
 * Immutable and safe to share.
 */
public final class DockerIgnore {
  private static final DockerIgnore NONE = new DockerIgnore(List.of());

  private final List<IgnorePattern> patterns;
  private final boolean hasExclusions;

  private DockerIgnore(List<IgnorePattern> patterns) {
    this.patterns = List.copyOf(patterns);
    this.hasExclusions = patterns.stream().anyMatch(IgnorePattern::exclusion);
  }

  /** No patterns: nothing is excluded. */
  public static DockerIgnore none() {
    return NONE;
  }

  /**
   * Reads a {@code .dockerignore} as moby's {@code ignorefile.ReadAll} does: a UTF-8 BOM is dropped, lines starting
   * with {@code #} are comments (before trimming), blank lines are skipped, a leading {@code /} is removed and each
   * pattern is cleaned.
   *
   * @param fileName used in error messages
   * @throws DockerIgnoreException naming the line of a malformed pattern
   */
  public static DockerIgnore parse(String content, String fileName) {
    List<IgnorePattern> patterns = new ArrayList<>();
    String text = content.startsWith("\uFEFF") ? content.substring(1) : content;
    String[] lines = text.split("\r?\n", -1);
    for (int i = 0; i < lines.length; i++) {
      String line = lines[i];
      if (line.startsWith("#")) {
        continue;
      }
      String pattern = line.strip();
      if (pattern.isEmpty()) {
        continue;
      }
      boolean invert = pattern.charAt(0) == '!';
      if (invert) {
        pattern = pattern.substring(1).strip();
      }
      if (!pattern.isEmpty()) {
        pattern = SlashPaths.clean(pattern);
        if (pattern.length() > 1 && pattern.charAt(0) == '/') {
          pattern = pattern.substring(1);
        }
      }
      try {
        patterns.add(IgnorePattern.compile(invert ? "!" + pattern : pattern));
      } catch (IllegalArgumentException e) {
        throw new DockerIgnoreException(fileName, i + 1, e.getMessage());
      }
    }
    return new DockerIgnore(patterns);
  }

  /** Compiles already-read patterns (e.g. {@code COPY --exclude} values) with patternmatcher's rules. */
  public static DockerIgnore of(List<String> patterns) {
    List<IgnorePattern> compiled = new ArrayList<>();
    for (String p : patterns) {
      if (!p.strip().isEmpty()) {
        compiled.add(IgnorePattern.compile(p));
      }
    }
    return new DockerIgnore(compiled);
  }

  public List<IgnorePattern> patterns() {
    return patterns;
  }

  /** True when some pattern starts with {@code !}. */
  public boolean hasExclusions() {
    return hasExclusions;
  }

  public boolean isEmpty() {
    return patterns.isEmpty();
  }

  /**
   * patternmatcher's {@code MatchesOrParentMatches}: the path (relative to the context, cleaned here) is excluded when
   * the last pattern that matches it or one of its parent directories is not a {@code !} pattern. The context root
   * itself is never excluded.
   */
  public boolean excludes(String path) {
    String file = SlashPaths.clean(path.startsWith("/") ? path.substring(1) : path);
    if (file.equals(".") || patterns.isEmpty()) {
      return false;
    }
    String parent = SlashPaths.dir(file);
    String[] parentDirs = parent.split("/");
    boolean matched = false;
    for (IgnorePattern pattern : patterns) {
      if (pattern.exclusion() != matched) {
        continue; // only a !pattern can undo a match, and only a plain pattern can make one
      }
      boolean match = pattern.matches(file);
      if (!match && !parent.equals(".")) {
        StringBuilder prefix = new StringBuilder();
        for (String dir : parentDirs) {
          if (!prefix.isEmpty()) {
            prefix.append('/');
          }
          prefix.append(dir);
          if (pattern.matches(prefix.toString())) {
            match = true;
            break;
          }
        }
      }
      if (match) {
        matched = !pattern.exclusion();
      }
    }
    return matched;
  }

  @Override
  public String toString() {
    return patterns.toString();
  }
}
