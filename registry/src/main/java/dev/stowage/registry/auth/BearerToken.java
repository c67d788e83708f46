package dev.stowage.registry.auth;

import java.time.Instant;
import java.util.Objects;

/**
 * A registry token and when it stops being usable. The value is only ever put into an Authorization header;
 * {@link #toString()} never shows it.
 */
public final class BearerToken {
  private final String value;
  private final Instant expiresAt;

  BearerToken(String value, Instant expiresAt) {
    this.value = Objects.requireNonNull(value, "value");
    this.expiresAt = Objects.requireNonNull(expiresAt, "expiresAt");
  }

  /** The header value {@code Bearer <token>}. */
  public String authorization() {
    return "Bearer " + value;
  }

  public Instant expiresAt() {
    return expiresAt;
  }

  boolean isUsableAt(Instant now) {
    return now.isBefore(expiresAt);
  }

  @Override
  public String toString() {
    return "BearerToken[****, expires " + expiresAt + "]";
  }
}
