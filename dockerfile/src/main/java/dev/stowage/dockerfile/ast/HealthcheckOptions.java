package dev.stowage.dockerfile.ast;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * The HEALTHCHECK CMD flags as written (validated by the parser: Go durations of at least 1ms or 0, a
 * non-negative retry count). Absent means the runtime default.
 */
public record HealthcheckOptions(Optional<Word> interval, Optional<Word> timeout, Optional<Word> startPeriod,
    Optional<Word> startInterval, Optional<Word> retries) {
  public HealthcheckOptions {
    Objects.requireNonNull(interval, "interval");
    Objects.requireNonNull(timeout, "timeout");
    Objects.requireNonNull(startPeriod, "startPeriod");
    Objects.requireNonNull(startInterval, "startInterval");
    Objects.requireNonNull(retries, "retries");
  }

  public static HealthcheckOptions none() {
    return new HealthcheckOptions(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
        Optional.empty());
  }

  public Optional<Duration> intervalDuration() {
    return interval.map(w -> GoDuration.parse(w.raw()));
  }

  public Optional<Duration> timeoutDuration() {
    return timeout.map(w -> GoDuration.parse(w.raw()));
  }

  public Optional<Duration> startPeriodDuration() {
    return startPeriod.map(w -> GoDuration.parse(w.raw()));
  }

  public Optional<Duration> startIntervalDuration() {
    return startInterval.map(w -> GoDuration.parse(w.raw()));
  }

  public Optional<Integer> retryCount() {
    return retries.map(w -> Integer.parseInt(w.raw().trim()));
  }
}
