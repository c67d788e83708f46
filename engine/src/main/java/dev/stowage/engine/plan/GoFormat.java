package dev.stowage.engine.plan;

import java.time.Duration;
import java.util.List;
import java.util.SortedSet;

/**
 * The few Go {@code fmt} renderings BuildKit's history text is made of ({@code %q} of strings and string
 * slices, {@code %v} of slices and port maps, {@code time.Duration}), so {@code created_by} matches BuildKit's
 * byte for byte.
 */
final class GoFormat {
  private GoFormat() {}

  /** Go's {@code strconv.Quote}: double quotes, backslash escapes, printable Unicode kept as is. */
  static String quote(String s) {
    StringBuilder out = new StringBuilder(s.length() + 2).append('"');
    s.codePoints().forEach(cp -> appendEscaped(out, cp, '"'));
    return out.append('"').toString();
  }

  /** {@code fmt.Sprintf("%q", []string{...})}: {@code ["a" "b"]}. */
  static String quoteAll(List<String> values) {
    StringBuilder out = new StringBuilder("[");
    for (int i = 0; i < values.size(); i++) {
      if (i > 0) {
        out.append(' ');
      }
      out.append(quote(values.get(i)));
    }
    return out.append(']').toString();
  }

  /** {@code fmt.Sprintf("%v", []string{...})}: {@code [a b]}. */
  static String list(List<String> values) {
    return "[" + String.join(" ", values) + "]";
  }

  /** {@code fmt.Sprintf("%v", map[nat.Port]struct{})} with Go's sorted keys: {@code map[80/tcp:{}]}. */
  static String portMap(SortedSet<String> ports) {
    StringBuilder out = new StringBuilder("map[");
    boolean first = true;
    for (String port : ports) {
      if (!first) {
        out.append(' ');
      }
      out.append(port).append(":{}");
      first = false;
    }
    return out.append(']').toString();
  }

  /** Go's {@code %q} of an integer: a quoted character literal, e.g. {@code '\x04'} for 4. */
  static String quoteRune(long value) {
    if (value < 0 || value > Character.MAX_CODE_POINT || (value >= 0xD800 && value <= 0xDFFF)) {
      return "'\\ufffd'";
    }
    StringBuilder out = new StringBuilder("'");
    appendEscaped(out, (int) value, '\'');
    return out.append('\'').toString();
  }

  /** Go's {@code time.Duration.String()}: {@code 30s}, {@code 1m30s}, {@code 1h0m0s}, {@code 500ms}, {@code 0s}. */
  static String duration(Duration duration) {
    long nanos = duration.toNanos();
    if (nanos == 0) {
      return "0s";
    }
    boolean negative = nanos < 0;
    long u = Math.abs(nanos);
    StringBuilder out = new StringBuilder();
    if (u < 1_000_000_000L) {
      // Sub-second: the largest unit that keeps a non-zero integer part, with a fraction.
      String unit;
      long scale;
      if (u < 1_000L) {
        unit = "ns";
        scale = 1;
      } else if (u < 1_000_000L) {
        unit = "µs";
        scale = 1_000L;
      } else {
        unit = "ms";
        scale = 1_000_000L;
      }
      out.append(fraction(u, scale)).append(unit);
    } else {
      long hours = u / 3_600_000_000_000L;
      long rest = u % 3_600_000_000_000L;
      long minutes = rest / 60_000_000_000L;
      long secondsNanos = rest % 60_000_000_000L;
      if (hours > 0) {
        out.append(hours).append('h');
      }
      if (hours > 0 || minutes > 0) {
        out.append(minutes).append('m');
      }
      out.append(fraction(secondsNanos, 1_000_000_000L)).append('s');
    }
    return negative ? "-" + out : out.toString();
  }

  private static String fraction(long value, long scale) {
    long whole = value / scale;
    long frac = value % scale;
    if (frac == 0) {
      return Long.toString(whole);
    }
    String digits = Long.toString(scale + frac).substring(1); // zero-padded
    int end = digits.length();
    while (end > 0 && digits.charAt(end - 1) == '0') {
      end--;
    }
    return whole + "." + digits.substring(0, end);
  }

  private static void appendEscaped(StringBuilder out, int cp, char quote) {
    switch (cp) {
      case '\u0007' -> out.append("\\a");
      case '\b' -> out.append("\\b");
      case '\f' -> out.append("\\f");
      case '\n' -> out.append("\\n");
      case '\r' -> out.append("\\r");
      case '\t' -> out.append("\\t");
      case '\u000b' -> out.append("\\v");
      case '\\' -> out.append("\\\\");
      default -> {
        if (cp == quote) {
          out.append('\\').appendCodePoint(cp);
        } else if (isPrint(cp)) {
          out.appendCodePoint(cp);
        } else if (cp < 0x80) {
          out.append(String.format("\\x%02x", cp));
        } else if (cp < 0x10000) {
          out.append(String.format("\\u%04x", cp));
        } else {
          out.append(String.format("\\U%08x", cp));
        }
      }
    }
  }

  /** An approximation of Go's {@code unicode.IsPrint}: letters, marks, numbers, punctuation, symbols, space. */
  private static boolean isPrint(int cp) {
    if (cp == ' ') {
      return true;
    }
    return switch (Character.getType(cp)) {
      case Character.CONTROL, Character.FORMAT, Character.PRIVATE_USE, Character.SURROGATE, Character.UNASSIGNED,
          Character.SPACE_SEPARATOR, Character.LINE_SEPARATOR, Character.PARAGRAPH_SEPARATOR -> false;
      default -> true;
    };
  }
}
