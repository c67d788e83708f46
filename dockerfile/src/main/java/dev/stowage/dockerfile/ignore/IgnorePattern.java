package dev.stowage.dockerfile.ignore;

import java.util.Objects;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * One cleaned {@code .dockerignore} pattern and how it matches: a literal path, a prefix ({@code dir/**}), a suffix
 * ({@code **}{@code /name}) or a regular expression, decided the way patternmatcher decides it.
 */
public final class IgnorePattern {
  private enum MatchType { EXACT, PREFIX, SUFFIX, REGEXP }

  private static final String ESCAPED = ".+()|{}$";

  private final String cleaned;
  private final boolean exclusion;
  private final int elementCount;
  private final MatchType type;
  private final Pattern regex;

  private IgnorePattern(String cleaned, boolean exclusion, MatchType type, Pattern regex) {
    this.cleaned = cleaned;
    this.exclusion = exclusion;
    this.elementCount = cleaned.split("/", -1).length;
    this.type = type;
    this.regex = regex;
  }

  /**
   * Compiles a pattern as patternmatcher's {@code New} does: trimmed, cleaned, a leading {@code !} marks an
   * exclusion (a pattern that re-includes).
   *
   * @throws IllegalArgumentException for {@code !} alone or a malformed pattern
   */
  public static IgnorePattern compile(String text) {
    String p = SlashPaths.clean(text.strip());
    boolean exclusion = false;
    if (p.startsWith("!")) {
      if (p.length() == 1) {
        throw new IllegalArgumentException("illegal exclusion pattern: \"!\"");
      }
      exclusion = true;
      p = p.substring(1);
    }
    return build(p, exclusion);
  }

  private static IgnorePattern build(String pattern, boolean exclusion) {
    StringBuilder re = new StringBuilder("^");
    MatchType type = MatchType.EXACT;
    int depth = 0;
    int[] cps = pattern.codePoints().toArray();
    for (int i = 0, step = 0; i < cps.length; i++, step++) {
      int ch = cps[i];
      if (ch == '*') {
        if (i + 1 < cps.length && cps[i + 1] == '*') {
          i++;
          if (i + 1 < cps.length && cps[i + 1] == '/') {
            i++; // "**/" counts as "**"
          }
          if (i + 1 >= cps.length) {
            if (type == MatchType.EXACT) {
              type = MatchType.PREFIX;
            } else {
              re.append(".*");
              type = MatchType.REGEXP;
            }
          } else {
            re.append("(.*/)?");
            type = MatchType.REGEXP;
          }
          if (step == 0) {
            type = MatchType.SUFFIX;
          }
        } else {
          re.append("[^/]*");
          type = MatchType.REGEXP;
        }
      } else if (ch == '?') {
        re.append("[^/]");
        type = MatchType.REGEXP;
      } else if (ESCAPED.indexOf(ch) >= 0) {
        re.append('\\').appendCodePoint(ch);
      } else if (ch == '\\') {
        if (i + 1 < cps.length) {
          re.append('\\').appendCodePoint(cps[++i]);
          type = MatchType.REGEXP;
        } else {
          re.append("\\\\");
        }
      } else if (ch == '[' || ch == ']') {
        depth += ch == '[' ? 1 : -1;
        re.appendCodePoint(ch);
        type = MatchType.REGEXP;
      } else {
        re.appendCodePoint(ch);
      }
    }
    if (depth != 0) {
      throw new IllegalArgumentException("syntax error in pattern \"" + pattern + "\": unbalanced [ ]");
    }
    Pattern compiled = null;
    if (type == MatchType.REGEXP) {
      try {
        compiled = Pattern.compile(re.append('$').toString());
      } catch (PatternSyntaxException e) {
        throw new IllegalArgumentException("syntax error in pattern \"" + pattern + "\"", e);
      }
    }
    return new IgnorePattern(pattern, exclusion, type, compiled);
  }

  /** The cleaned pattern without the {@code !}. */
  public String pattern() {
    return cleaned;
  }

  /** True for a {@code !pattern} that re-includes what earlier patterns excluded. */
  public boolean exclusion() {
    return exclusion;
  }

  int elementCount() {
    return elementCount;
  }

  /** Whether this pattern matches the cleaned, slash-separated, relative {@code path} itself. */
  public boolean matches(String path) {
    return switch (type) {
      case EXACT -> path.equals(cleaned);
      case PREFIX -> path.startsWith(cleaned.substring(0, cleaned.length() - 2));
      case SUFFIX -> {
        String suffix = cleaned.substring(2);
        yield path.endsWith(suffix) || (suffix.startsWith("/") && path.equals(suffix.substring(1)));
      }
      case REGEXP -> regex.matcher(path).matches();
    };
  }

  @Override
  public String toString() {
    return (exclusion ? "!" : "") + cleaned;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof IgnorePattern other && other.cleaned.equals(cleaned) && other.exclusion == exclusion;
  }

  @Override
  public int hashCode() {
    return Objects.hash(cleaned, exclusion);
  }
}
