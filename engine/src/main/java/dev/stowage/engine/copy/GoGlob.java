package dev.stowage.engine.copy;

/**
 * Go's {@code path/filepath.Match} on Linux, which BuildKit uses for COPY source wildcards: {@code *} is any run of
 * characters but {@code /}, {@code ?} one character but {@code /}, {@code [...]} a class ({@code ^} negates, ranges
 * {@code a-z}), and {@code \} escapes the next character. Matching is on code points.
 */
final class GoGlob {
  private GoGlob() {}

  /** A pattern Go reports as {@code ErrBadPattern}. */
  static final class BadPatternException extends IllegalArgumentException {
    BadPatternException(String pattern) {
      super("syntax error in pattern \"" + pattern + "\"");
    }
  }

  /** Whether {@code name} contains {@code *}, {@code ?} or {@code [} outside an escape (fsutil's containsWildcards). */
  static boolean hasWildcards(String name) {
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      if (c == '\\') {
        i++;
      } else if (c == '*' || c == '?' || c == '[') {
        return true;
      }
    }
    return false;
  }

  /**
   * Whether the whole of {@code name} matches {@code pattern}.
   *
   * @throws BadPatternException for a malformed pattern (Go reports it only when it gets that far)
   */
  static boolean matches(String pattern, String name) {
    int[] pat = pattern.codePoints().toArray();
    int[] str = name.codePoints().toArray();
    int p = 0;
    int s = 0;
    while (p < pat.length) {
      boolean star = false;
      while (p < pat.length && pat[p] == '*') {
        p++;
        star = true;
      }
      int chunkEnd = chunkEnd(pat, p);
      if (star && p == chunkEnd) {
        // A trailing star matches the rest of the name unless it holds a slash.
        for (int i = s; i < str.length; i++) {
          if (str[i] == '/') {
            return false;
          }
        }
        return true;
      }
      int rest = matchChunk(pat, p, chunkEnd, str, s, pattern);
      boolean last = chunkEnd == pat.length;
      if (rest >= 0 && (rest == str.length || !last)) {
        s = rest;
        p = chunkEnd;
        continue;
      }
      boolean advanced = false;
      if (star) {
        for (int i = s; i < str.length && str[i] != '/'; i++) {
          int r = matchChunk(pat, p, chunkEnd, str, i + 1, pattern);
          if (r >= 0) {
            if (last && r < str.length) {
              continue;
            }
            s = r;
            p = chunkEnd;
            advanced = true;
            break;
          }
        }
      }
      if (advanced) {
        continue;
      }
      // Before answering no, Go checks that the rest of the pattern is well formed.
      int q = chunkEnd;
      while (q < pat.length) {
        while (q < pat.length && pat[q] == '*') {
          q++;
        }
        int end = chunkEnd(pat, q);
        matchChunk(pat, q, end, new int[0], 0, pattern);
        q = end;
      }
      return false;
    }
    return s == str.length;
  }

  /** The end of the chunk starting at {@code p}: the next {@code *} outside a class. */
  private static int chunkEnd(int[] pat, int p) {
    boolean inRange = false;
    int i = p;
    for (; i < pat.length; i++) {
      int c = pat[i];
      if (c == '\\') {
        if (i + 1 < pat.length) {
          i++;
        }
      } else if (c == '[') {
        inRange = true;
      } else if (c == ']') {
        inRange = false;
      } else if (c == '*' && !inRange) {
        break;
      }
    }
    return i;
  }

  /**
   * Matches the chunk {@code pat[from, to)} at the start of {@code str[s...]}: the index in {@code str} after the
   * match, or -1. The whole chunk is always parsed, so a malformed one throws even when the match already failed.
   */
  private static int matchChunk(int[] pat, int from, int to, int[] str, int s, String pattern) {
    boolean failed = false;
    int p = from;
    while (p < to) {
      if (!failed && s >= str.length) {
        failed = true;
      }
      int c = pat[p];
      if (c == '[') {
        int r = -1;
        if (!failed) {
          r = str[s++];
        }
        p++;
        boolean negated = false;
        if (p < to && pat[p] == '^') {
          negated = true;
          p++;
        }
        boolean match = false;
        int ranges = 0;
        while (true) {
          if (p < to && pat[p] == ']' && ranges > 0) {
            p++;
            break;
          }
          int[] lo = escaped(pat, p, to, pattern);
          p = lo[1];
          int hi = lo[0];
          if (pat[p] == '-') {
            int[] h = escaped(pat, p + 1, to, pattern);
            hi = h[0];
            p = h[1];
          }
          if (lo[0] <= r && r <= hi) {
            match = true;
          }
          ranges++;
        }
        if (match == negated) {
          failed = true;
        }
      } else if (c == '?') {
        if (!failed) {
          if (str[s] == '/') {
            failed = true;
          }
          s++;
        }
        p++;
      } else {
        if (c == '\\') {
          p++;
          if (p >= to) {
            throw new BadPatternException(pattern);
          }
          c = pat[p];
        }
        if (!failed) {
          if (c != str[s]) {
            failed = true;
          }
          s++;
        }
        p++;
      }
    }
    return failed ? -1 : s;
  }

  /** One possibly escaped character of a class: {code point, next index}; the class must go on after it. */
  private static int[] escaped(int[] pat, int p, int to, String pattern) {
    if (p >= to || pat[p] == '-' || pat[p] == ']') {
      throw new BadPatternException(pattern);
    }
    if (pat[p] == '\\') {
      p++;
      if (p >= to) {
        throw new BadPatternException(pattern);
      }
    }
    int c = pat[p++];
    if (p >= to) {
      throw new BadPatternException(pattern);
    }
    return new int[] {c, p};
  }
}
