package dev.stowage.cli.cache;

import java.util.Locale;

/** Sizes as docker prints them: decimal units, three significant digits. */
final class Sizes {
  private static final String[] UNITS = {"B", "kB", "MB", "GB", "TB", "PB"};

  private Sizes() {}

  static String human(long bytes) {
    double value = bytes;
    int unit = 0;
    while (value >= 1000 && unit < UNITS.length - 1) {
      value /= 1000;
      unit++;
    }
    return unit == 0 ? bytes + "B" : String.format(Locale.ROOT, "%.3g%s", value, UNITS[unit]);
  }
}
