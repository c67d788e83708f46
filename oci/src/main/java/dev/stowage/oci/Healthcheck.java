package dev.stowage.oci;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * A HEALTHCHECK as docker stores it: the test command ({@code ["NONE"]}, {@code ["CMD", ...]} or
 * {@code ["CMD-SHELL", "..."]}) and durations, zero meaning "inherit the default".
 */
public record Healthcheck(
    List<String> test, Duration interval, Duration timeout, Duration startPeriod, Duration startInterval, int retries) {

  public Healthcheck {
    test = List.copyOf(test);
    Objects.requireNonNull(interval, "interval");
    Objects.requireNonNull(timeout, "timeout");
    Objects.requireNonNull(startPeriod, "startPeriod");
    Objects.requireNonNull(startInterval, "startInterval");
  }

  public static Healthcheck of(List<String> test) {
    return new Healthcheck(test, Duration.ZERO, Duration.ZERO, Duration.ZERO, Duration.ZERO, 0);
  }
}
