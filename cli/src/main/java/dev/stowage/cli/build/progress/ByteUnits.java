package dev.stowage.cli.build.progress;

import java.util.Locale;

/** Byte counts as BuildKit's progress shows them: decimal units, two decimals ({@code 12.35MB}), {@code 512B}. */
final class ByteUnits {
  private static final String[] UNITS = {"B", "kB", "MB", "GB", "TB", "PB", "EB"};

  private ByteUnits() {}

  static String format(long bytes) {
    if (bytes < 1000) {
      return bytes + "B";
    }
    double value = bytes;
    int unit = 0;
    while (value >= 1000 && unit < UNITS.length - 1) {
      value /= 1000;
      unit++;
    }
    return String.format(Locale.ROOT, "%.2f%s", value, UNITS[unit]);
  }

  /** {@code " current / total"}, {@code " current"} when the total is unknown, nothing before the first byte. */
  static String progress(long current, long total) {
    if (total > 0) {
      return " " + format(current) + " / " + format(total);
    }
    return current > 0 ? " " + format(current) : "";
  }
}
