package dev.stowage.engine.cache;

import java.util.Locale;

/**
 * What a RUN step's cache key sees of the secrets it mounts ({@code --secret-cache}): {@link #BY_ID}, BuildKit's
 * behaviour, keys on the secret's id and mount options only, so a changed secret keeps the cache;
 * {@link #BY_CONTENT} also keys on a keyed HMAC of the secret's bytes ({@link SecretCacheKey}), so a changed secret
 * runs the step again.
 */
public enum SecretCacheMode {
  BY_ID("by-id"),
  BY_CONTENT("by-content");

  private final String flagValue;

  SecretCacheMode(String flagValue) {
    this.flagValue = flagValue;
  }

  /** How the flag spells it. */
  public String flagValue() {
    return flagValue;
  }

  /**
   * {@code by-id} or {@code by-content} (any case).
   *
   * @throws IllegalArgumentException for anything else
   */
  public static SecretCacheMode parse(String value) {
    for (SecretCacheMode mode : values()) {
      if (mode.flagValue.equals(value.toLowerCase(Locale.ROOT))) {
        return mode;
      }
    }
    throw new IllegalArgumentException("--secret-cache must be by-id or by-content, got " + value);
  }
}
