package dev.stowage.cli.image;

import java.math.BigDecimal;
import java.math.MathContext;
import java.time.Duration;
import java.time.Instant;

/** docker's human-readable sizes ({@code 4.26MB}, decimal units) and ages ({@code 2 minutes ago}). */
final class HumanUnits {
  private static final String[] UNITS = {"B", "kB", "MB", "GB", "TB", "PB"};

  private HumanUnits() {}

  /** docker's {@code units.HumanSizeWithPrecision(size, 3)}. */
  static String size(long bytes) {
    double value = bytes;
    int unit = 0;
    while (value >= 1000 && unit < UNITS.length - 1) {
      value /= 1000;
      unit++;
    }
    String number = new BigDecimal(value).round(new MathContext(3)).stripTrailingZeros().toPlainString();
    return number + UNITS[unit];
  }

  /** docker's {@code units.HumanDuration} + " ago". */
  static String since(Instant then, Instant now) {
    Duration d = Duration.between(then, now);
    long seconds = d.getSeconds();
    String text;
    if (seconds < 1) {
      text = "Less than a second";
    } else if (seconds == 1) {
      text = "1 second";
    } else if (seconds < 60) {
      text = seconds + " seconds";
    } else if (seconds / 60 == 1) {
      text = "About a minute";
    } else if (seconds < 3600) {
      text = seconds / 60 + " minutes";
    } else if (seconds / 3600 == 1) {
      text = "About an hour";
    } else if (seconds < 48 * 3600) {
      text = seconds / 3600 + " hours";
    } else if (seconds < 7 * 24 * 3600 * 2) {
      text = seconds / 86400 + " days";
    } else if (seconds < 30L * 24 * 3600 * 3) {
      text = seconds / (7 * 86400) + " weeks";
    } else if (seconds < 365L * 24 * 3600 * 2) {
      text = seconds / (30L * 86400) + " months";
    } else {
      text = seconds / (365L * 86400) + " years";
    }
    return text + " ago";
  }
}
