package dev.stowage.registry.http;

import java.time.Duration;

/**
 * How often and how patiently temporary failures (429, 5xx, broken connections) are retried: at most {@code
 * maxAttempts} attempts in all, waiting {@code initialBackoff} then twice as long each time up to {@code
 * maxBackoff}. A 429's Retry-After is honoured when it is at most {@code maxRetryAfter}; a longer one ends the
 * retries at once rather than block a build for minutes.
 */
public record RetryPolicy(int maxAttempts, Duration initialBackoff, Duration maxBackoff, Duration maxRetryAfter) {
  public RetryPolicy {
    if (maxAttempts < 1 || maxAttempts > 20) {
      throw new IllegalArgumentException("maxAttempts must be between 1 and 20, was " + maxAttempts);
    }
    if (initialBackoff.isNegative() || maxBackoff.compareTo(initialBackoff) < 0 || maxRetryAfter.isNegative()) {
      throw new IllegalArgumentException("backoffs must be positive and maxBackoff >= initialBackoff");
    }
  }

  public static RetryPolicy defaults() {
    return new RetryPolicy(4, Duration.ofMillis(500), Duration.ofSeconds(8), Duration.ofSeconds(30));
  }

  /** No retries at all. */
  public static RetryPolicy none() {
    return new RetryPolicy(1, Duration.ZERO, Duration.ZERO, Duration.ZERO);
  }

  /** The wait before attempt {@code attempt + 1}, for attempt 1, 2, ... */
  public Duration backoff(int attempt) {
    Duration wait = initialBackoff;
    for (int i = 1; i < attempt && wait.compareTo(maxBackoff) < 0; i++) {
      wait = wait.multipliedBy(2);
    }
    return wait.compareTo(maxBackoff) > 0 ? maxBackoff : wait;
  }
}
