package dev.stowage.oci;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.MessageDigest;
import java.util.Random;
import org.junit.jupiter.api.Test;

class DeferredSha256Test {
  private static final int LIMIT = (int) DigestAlgorithm.NATIVE_WORTHWHILE_BYTES;

  @Test
  void hashesAsTheJdkDoesOnEitherSideOfTheChoice() throws Exception {
    Random random = new Random(5);
    for (int size : new int[] {0, 1, 8191, 8193, LIMIT - 1, LIMIT, LIMIT + 1, 3 * LIMIT + 17}) {
      byte[] content = new byte[size];
      random.nextBytes(content);
      byte[] expected = MessageDigest.getInstance("SHA-256").digest(content);
      DeferredSha256 deferred = new DeferredSha256();
      int offset = 0;
      while (offset < size) { // uneven pieces, as a tar writer hands them over
        int piece = Math.min(size - offset, 1 + random.nextInt(100_000));
        deferred.update(content, offset, piece);
        offset += piece;
      }
      assertThat(deferred.digest()).as("%d bytes", size).isEqualTo(expected);
      // a digest resets: the same object hashes the next content from scratch, byte by byte too
      for (byte b : content) {
        deferred.update(b);
      }
      assertThat(deferred.digest()).as("%d bytes again", size).isEqualTo(expected);
    }
  }

  @Test
  void isWhatContentOfUnknownLengthGetsUntilLibcryptoIsLinked() {
    MessageDigest unknown = DigestAlgorithm.SHA256.newMessageDigest(-1);
    assertThat(unknown.getAlgorithm()).isEqualTo("SHA-256");
    assertThat(unknown.getDigestLength()).isEqualTo(32);
    if (!NativeDigests.linked()) {
      assertThat(unknown).isInstanceOf(DeferredSha256.class);
    }
  }
}
