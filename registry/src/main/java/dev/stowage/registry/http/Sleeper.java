package dev.stowage.registry.http;

import java.time.Duration;

/** Waits between retries; an interface so tests can record the waits instead of sleeping. */
@FunctionalInterface
public interface Sleeper {
  void sleep(Duration duration) throws InterruptedException;

  static Sleeper system() {
    return duration -> Thread.sleep(duration);
  }
}
