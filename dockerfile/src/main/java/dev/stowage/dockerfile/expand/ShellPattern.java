package dev.stowage.dockerfile.expand;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A shell wildcard pattern of {@code ${X#p}}, {@code ${X%p}} and {@code ${X/p/r}}: {@code ?} is one character,
 * {@code *} any run of characters, {@code \*}, {@code \?} and {@code \\} are literal (no bracket expressions, as in
 * BuildKit). Matching follows the leftmost-first priority of BuildKit's Go regular expressions ({@code *} lazy or
 * greedy), and like them wildcards do not match a newline. Implemented without regular expressions so that
 * matching time stays bounded (pattern length x value length), whatever the pattern.
 */
final class ShellPattern {
  private static final int ANY = -1;
  private static final int STAR = -2;

  /** Code points; ANY and STAR mark wildcards. */
  private final int[] tokens;

  private ShellPattern(int[] tokens) {
    this.tokens = tokens;
  }

  /**
   * Compiles a pattern as it was collected with raw escapes.
   *
   * @throws IllegalArgumentException for an escape of anything but {@code * ? \ } /}
   */
  static ShellPattern compile(String pattern) {
    List<Integer> out = new ArrayList<>();
    int[] cps = pattern.codePoints().toArray();
    for (int i = 0; i < cps.length; i++) {
      int c = cps[i];
      if (c == '*') {
        out.add(STAR);
      } else if (c == '?') {
        out.add(ANY);
      } else if (c == '\\') {
        int next = i + 1 < cps.length ? cps[i + 1] : -1;
        if (next == '}' || next == '/') {
          continue; // escaped only for the ${} syntax; the escape is not part of the pattern
        }
        if (next != '*' && next != '?' && next != '\\') {
          throw new IllegalArgumentException("invalid escape '\\" + (next < 0 ? "" : Character.toString(next)) + "'");
        }
        out.add(next);
        i++;
      } else {
        out.add(c);
      }
    }
    return new ShellPattern(out.stream().mapToInt(Integer::intValue).toArray());
  }

  /** The pattern read backwards, keeping each escape with the character it escapes (for suffix matching). */
  static String reverse(String pattern) {
    int[] cps = pattern.codePoints().toArray();
    int[] out = new int[cps.length];
    int last = cps.length - 1;
    for (int i = 0; i <= last; ) {
      int outIdx = last - i;
      if (cps[i] == '\\' && i != last) {
        out[outIdx - 1] = cps[i];
        out[outIdx] = cps[i + 1];
        i += 2;
      } else {
        out[outIdx] = cps[i];
        i++;
      }
    }
    return new String(out, 0, out.length);
  }

  /** Bounds the work: one table cell per (pattern token, value position). */
  static final long MAX_CELLS = 64L * 1024 * 1024;

  /**
   * For every start position of {@code text} (code points), where a match starting there ends, or -1. Stars
   * prefer the longest run when {@code greedy}, else the shortest, in pattern order (leftmost-first semantics).
   * Dynamic programming from the end of the pattern backwards: O(pattern x text) time, O(text) memory.
   *
   * @throws IllegalArgumentException when pattern and value are too large to match in bounded time
   */
  int[] matchEnds(int[] text, boolean greedy) {
    int n = text.length;
    if ((long) (tokens.length + 1) * (n + 1) > MAX_CELLS) {
      throw new IllegalArgumentException("pattern of " + tokens.length + " characters against a value of "
          + n + " characters is too large to match");
    }
    int[] next = new int[n + 1];
    for (int si = 0; si <= n; si++) {
      next[si] = si;
    }
    int[] cur = new int[n + 1];
    for (int pi = tokens.length - 1; pi >= 0; pi--) {
      int t = tokens[pi];
      for (int si = n; si >= 0; si--) {
        boolean canTake = si < n && text[si] != '\n';
        if (t == STAR) {
          int longer = canTake ? cur[si + 1] : -1;
          cur[si] = greedy ? (longer >= 0 ? longer : next[si]) : (next[si] >= 0 ? next[si] : longer);
        } else if (si < n && (t == ANY ? canTake : text[si] == t)) {
          cur[si] = next[si + 1];
        } else {
          cur[si] = -1;
        }
      }
      int[] swap = next;
      next = cur;
      cur = swap;
    }
    return next;
  }

  @Override
  public String toString() {
    return Arrays.toString(tokens);
  }
}
