package dev.stowage.dockerfile.parse;

import java.util.Collection;
import java.util.Locale;
import java.util.Optional;

/** "Did you mean ...?" by Levenshtein distance, after BuildKit's {@code util/suggest}. */
public final class Suggestions {
  private Suggestions() {}

  /**
   * The option closest to {@code value}, if it is close enough to be a plausible typo: at most 2 edits, or at
   * most a third of the length for longer words. Ties go to the first option.
   */
  public static Optional<String> closest(String value, Collection<String> options, boolean caseSensitive) {
    if (value == null || value.isEmpty()) {
      return Optional.empty();
    }
    String v = caseSensitive ? value : value.toLowerCase(Locale.ROOT);
    String best = null;
    int bestDistance = Integer.MAX_VALUE;
    for (String option : options) {
      String o = caseSensitive ? option : option.toLowerCase(Locale.ROOT);
      if (o.equals(v)) {
        return Optional.of(option);
      }
      int d = levenshtein(v, o);
      if (d < bestDistance) {
        bestDistance = d;
        best = option;
      }
    }
    int allowed = Math.max(2, v.length() / 3);
    return bestDistance <= allowed && bestDistance < v.length() ? Optional.ofNullable(best) : Optional.empty();
  }

  /** Edit distance (insertions, deletions, substitutions), computed in O(|a|*|b|) time and O(|b|) memory. */
  public static int levenshtein(String a, String b) {
    if (a.length() > 256 || b.length() > 256) {
      return Math.max(a.length(), b.length()); // no typo suggestion is useful for such lengths
    }
    int[] prev = new int[b.length() + 1];
    int[] cur = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      prev[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      cur[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
      }
      int[] swap = prev;
      prev = cur;
      cur = swap;
    }
    return prev[b.length()];
  }
}
