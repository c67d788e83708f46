package dev.stowage.cli.cache;

import dev.stowage.cli.common.CliException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a filtered {@code prune} removes, from docker's {@code builder prune} flags: {@code --filter until=DURATION}
 * (a Go duration: {@code 24h}, {@code 1h30m}, {@code 90s}) and {@code --keep-storage SIZE} (docker's memory sizes:
 * {@code 512MB}, {@code 10GB}, {@code 2g}, 1024-based whatever the spelling, as docker reads them).
 */
record PruneFilter(Optional<Duration> unusedFor, OptionalLong keepBytes) {
  private static final Pattern DURATION_PART =
      Pattern.compile("([0-9]*(?:\\.[0-9]*)?)(ns|us|\u00b5s|\u03bcs|ms|s|m|h)");
  private static final Map<String, Long> NANOS_PER_UNIT = Map.of("ns", 1L, "us", 1_000L, "\u00b5s", 1_000L,
      "\u03bcs", 1_000L, "ms", 1_000_000L, "s", 1_000_000_000L, "m", 60_000_000_000L, "h", 3_600_000_000_000L);
  private static final Pattern SIZE = Pattern.compile("(\\d+(?:\\.\\d+)?) ?([kmgtp])?i?b?", Pattern.CASE_INSENSITIVE);

  /** No filter: {@code prune} removes the whole build cache. */
  boolean isEmpty() {
    return unusedFor.isEmpty() && keepBytes.isEmpty();
  }

  /**
   * The filter the flags ask for.
   *
   * @throws CliException (usage) for a filter other than {@code until}, or a duration or size that does not parse
   */
  static PruneFilter parse(List<String> filters, Optional<String> keepStorage) {
    Optional<Duration> until = Optional.empty();
    for (String filter : filters) {
      int eq = filter.indexOf('=');
      if (eq <= 0) {
        throw CliException.usage("bad --filter \"" + filter + "\": expected until=DURATION");
      }
      String name = filter.substring(0, eq);
      if (!name.equals("until")) {
        throw CliException.usage("unsupported --filter \"" + name + "\": prune supports until=DURATION (e.g. 24h)");
      }
      if (until.isPresent()) {
        throw CliException.usage("--filter until= given twice; give it once");
      }
      until = Optional.of(goDuration(filter.substring(eq + 1)));
    }
    return new PruneFilter(until, keepStorage.map(PruneFilter::dockerSize).map(OptionalLong::of)
        .orElse(OptionalLong.empty()));
  }

  /** Go's {@code time.ParseDuration}, for durations of zero or more. */
  static Duration goDuration(String text) {
    String usage = "--filter until=" + text + " is not a duration: use a number and a unit, as 24h, 30m, 1h30m or"
        + " 90s (units ns, us, ms, s, m, h)";
    String rest = text.startsWith("+") ? text.substring(1) : text;
    if (rest.equals("0")) {
      return Duration.ZERO;
    }
    if (rest.isEmpty() || rest.startsWith("-")) {
      throw CliException.usage(text.startsWith("-") ? "--filter until=" + text + " is negative: give how long"
          + " entries must have been unused, as 24h" : usage);
    }
    Matcher part = DURATION_PART.matcher(rest);
    BigDecimal nanos = BigDecimal.ZERO;
    int at = 0;
    while (at < rest.length()) {
      if (!part.find(at) || part.start() != at || part.group(1).isEmpty() || part.group(1).equals(".")) {
        throw CliException.usage(usage);
      }
      nanos = nanos.add(new BigDecimal(part.group(1)).multiply(BigDecimal.valueOf(NANOS_PER_UNIT.get(part.group(2)))));
      at = part.end();
    }
    BigInteger whole = nanos.toBigInteger(); // Go truncates fractions of a nanosecond
    if (whole.bitLength() > 63) {
      throw CliException.usage("--filter until=" + text + " is too long a duration (at most 2562047h)");
    }
    return Duration.ofNanos(whole.longValue());
  }

  /** docker's {@code RAMInBytes}: a number, an optional k/m/g/t/p (each 1024 times the last), optional i and b. */
  static long dockerSize(String text) {
    Matcher m = SIZE.matcher(text);
    if (!m.matches()) {
      throw CliException.usage("--keep-storage " + text + " is not a size: use a number and an optional unit, as"
          + " 512MB, 10GB or 2g (1024-based)");
    }
    int shift = m.group(2) == null ? 0 : 10 * ("kmgtp".indexOf(m.group(2).toLowerCase(Locale.ROOT)) + 1);
    BigInteger bytes = new BigDecimal(m.group(1)).multiply(new BigDecimal(BigInteger.ONE.shiftLeft(shift)))
        .toBigInteger();
    if (bytes.bitLength() > 63) {
      throw CliException.usage("--keep-storage " + text + " is too large");
    }
    return bytes.longValue();
  }
}
