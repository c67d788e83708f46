package dev.stowage.oci;

import java.security.MessageDigest;
import java.util.Arrays;

/**
 * SHA-256 of content whose length is not known in advance (a layer tar as it is written): the first
 * {@link DigestAlgorithm#NATIVE_WORTHWHILE_BYTES} are held, and only content longer than that links libcrypto (tens of
 * milliseconds in a cold JVM) and is hashed there; shorter content, like most layers of a short build, is hashed by
 * the JDK at the end. Holds at most that many bytes.
 */
final class DeferredSha256 extends MessageDigest {
  private byte[] held = new byte[8192];
  private int heldLength;
  private MessageDigest chosen;

  DeferredSha256() {
    super("SHA-256");
  }

  @Override
  protected void engineUpdate(byte input) {
    engineUpdate(new byte[] {input}, 0, 1);
  }

  @Override
  protected void engineUpdate(byte[] input, int offset, int length) {
    if (chosen != null) {
      chosen.update(input, offset, length);
      return;
    }
    if (heldLength + length > DigestAlgorithm.NATIVE_WORTHWHILE_BYTES) {
      chosen = DigestAlgorithm.largeContentSha256();
      chosen.update(held, 0, heldLength);
      chosen.update(input, offset, length);
      held = null;
      return;
    }
    if (heldLength + length > held.length) {
      held = Arrays.copyOf(held, Math.max(heldLength + length, 2 * held.length));
    }
    System.arraycopy(input, offset, held, heldLength, length);
    heldLength += length;
  }

  @Override
  protected byte[] engineDigest() {
    MessageDigest digest = chosen;
    if (digest == null) {
      digest = DigestAlgorithm.SHA256.jdkMessageDigest();
      digest.update(held, 0, heldLength);
    }
    byte[] result = digest.digest();
    engineReset();
    return result;
  }

  @Override
  protected void engineReset() {
    chosen = null;
    if (held == null || held.length > 8192) {
      held = new byte[8192];
    }
    heldLength = 0;
  }

  @Override
  protected int engineGetDigestLength() {
    return 32;
  }
}
