package dev.stowage.cli.build.progress;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;

/** A clock the test moves by hand. */
final class FakeClock implements InstantSource {
  private Instant now = Instant.parse("2025-03-01T12:00:00Z");

  @Override
  public synchronized Instant instant() {
    return now;
  }

  synchronized void advance(Duration duration) {
    now = now.plus(duration);
  }

  void advanceMillis(long millis) {
    advance(Duration.ofMillis(millis));
  }
}
