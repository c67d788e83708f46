package dev.stowage.dockerfile.ast;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.Map;

/** Go's {@code time.ParseDuration} syntax ({@code 1m30s}, {@code 1.5h}, {@code 300ms}), which HEALTHCHECK uses. */
public final class GoDuration {
  private static final Map<String, Long> NANOS_PER_UNIT = Map.of(
      "ns", 1L, "us", 1_000L, "\u00b5s", 1_000L, "\u03bcs", 1_000L, "ms", 1_000_000L,
      "s", 1_000_000_000L, "m", 60_000_000_000L, "h", 3_600_000_000_000L);

  private GoDuration() {}

  /**
   * Parses a Go duration.
   *
   * @throws IllegalArgumentException with a one-line message when the text is not a Go duration
   */
  public static Duration parse(String text) {
    String s = text;
    boolean negative = false;
    if (!s.isEmpty() && (s.charAt(0) == '-' || s.charAt(0) == '+')) {
      negative = s.charAt(0) == '-';
      s = s.substring(1);
    }
    if (s.equals("0")) {
      return Duration.ZERO;
    }
    if (s.isEmpty()) {
      throw invalid(text);
    }
    BigDecimal totalNanos = BigDecimal.ZERO;
    int i = 0;
    while (i < s.length()) {
      int numberStart = i;
      while (i < s.length() && (Character.isDigit(s.charAt(i)) || s.charAt(i) == '.')) {
        i++;
      }
      String number = s.substring(numberStart, i);
      if (number.isEmpty() || number.equals(".") || number.indexOf('.') != number.lastIndexOf('.')) {
        throw invalid(text);
      }
      int unitStart = i;
      while (i < s.length() && !Character.isDigit(s.charAt(i)) && s.charAt(i) != '.') {
        i++;
      }
      Long unit = NANOS_PER_UNIT.get(s.substring(unitStart, i));
      if (unit == null) {
        throw new IllegalArgumentException(unitStart == i
            ? "missing unit in duration \"" + text + "\" (use e.g. 30s, 1m30s, 500ms)"
            : "unknown unit \"" + s.substring(unitStart, i) + "\" in duration \"" + text + "\" (use ns, us, ms, s, m, h)");
      }
      totalNanos = totalNanos.add(new BigDecimal(number).multiply(BigDecimal.valueOf(unit)));
      if (totalNanos.compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) > 0) {
        throw new IllegalArgumentException("duration \"" + text + "\" is too large");
      }
    }
    long nanos = totalNanos.longValue();
    return Duration.ofNanos(negative ? -nanos : nanos);
  }

  private static IllegalArgumentException invalid(String text) {
    return new IllegalArgumentException("invalid duration \"" + text + "\" (use e.g. 30s, 1m30s, 500ms)");
  }
}
