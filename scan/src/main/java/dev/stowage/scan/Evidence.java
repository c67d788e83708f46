package dev.stowage.scan;

import java.util.Objects;

/**
 * What a report may show of a secret: a public prefix (a format's fixed start, such as {@code npm_}, never more than
 * half the secret), its length in bytes, and a keyed fingerprint that tells equal secrets apart from different
 * ones without revealing them. Never the value.
 */
public record Evidence(String prefix, long length, String fingerprint) {
  public static final String MASK = "****";

  public Evidence {
    Objects.requireNonNull(prefix, "prefix");
    Objects.requireNonNull(fingerprint, "fingerprint");
    if (length < 0) {
      throw new IllegalArgumentException("negative length");
    }
    if (prefix.length() * 2L > Math.max(length, 1)) {
      throw new IllegalArgumentException("a prefix may show at most half of the secret");
    }
  }

  /** The prefix followed by {@link #MASK}: {@code npm_9H****}. */
  public String redacted() {
    return prefix + MASK;
  }
}
