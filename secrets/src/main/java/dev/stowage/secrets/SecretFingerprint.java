package dev.stowage.secrets;

import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * HMAC-SHA256 of a secret's bytes under a key that stays on this machine: all a cache key may see of a secret's
 * content ({@code --secret-cache=by-content}). Without the key it tells nothing about the secret; whoever holds the
 * key can test guesses against it, so the key is exactly as private as the state directory that keeps it. The
 * result is for hashing into a cache key only: never print, log or store it on its own.
 */
public final class SecretFingerprint {
  /** Bytes of a key (and of a fingerprint). */
  public static final int KEY_BYTES = 32;
  private static final String ALGORITHM = "HmacSHA256";

  private SecretFingerprint() {}

  /**
   * The HMAC-SHA256 of {@code secret}'s bytes under {@code key} (both stay open; neither is copied anywhere that
   * outlives the call but the JDK's own key object).
   *
   * @throws IllegalArgumentException when the key is shorter than {@link #KEY_BYTES}
   */
  public static byte[] hmac(SecretValue secret, SecretValue key) {
    if (key.length() < KEY_BYTES) {
      throw new IllegalArgumentException("a secret fingerprint key needs " + KEY_BYTES + " bytes, got "
          + key.length());
    }
    Mac mac = newMac();
    byte[] keyBytes = new byte[key.length()];
    try {
      key.reveal(view -> view.get(keyBytes));
      mac.init(new SecretKeySpec(keyBytes, ALGORITHM));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot initialise HmacSHA256: " + e.getMessage(), e);
    } finally {
      Arrays.fill(keyBytes, (byte) 0);
    }
    secret.reveal((ByteBuffer view) -> mac.update(view));
    return mac.doFinal();
  }

  private static Mac newMac() {
    try {
      return Mac.getInstance(ALGORITHM);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is not available in this JDK", e);
    }
  }
}
