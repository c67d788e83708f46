package dev.stowage.oci;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.security.DigestException;
import java.security.MessageDigest;
import java.util.Random;
import java.util.function.Supplier;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class NativeDigestsTest {
  private Supplier<MessageDigest> foreign;

  @BeforeEach
  void linked() {
    Assumptions.assumeTrue(Runtime.version().feature() >= 22, "the foreign function API needs Java 22");
    Assumptions.assumeTrue(java.nio.file.Files.exists(java.nio.file.Path.of("/usr/lib/x86_64-linux-gnu/libcrypto.so.3"))
        || java.nio.file.Files.exists(java.nio.file.Path.of("/usr/lib/aarch64-linux-gnu/libcrypto.so.3")),
        "needs libcrypto.so.3 (Debian package libssl3)");
    foreign = NativeDigests.sha256().orElseThrow();
  }

  @Test
  void sha256IsLibcryptosWhereItLinks() {
    assertThat(DigestAlgorithm.SHA256.newMessageDigest().getClass().getName())
        .isEqualTo(NativeDigests.FOREIGN_CLASS);
    assertThat(DigestAlgorithm.SHA512.newMessageDigest().getAlgorithm()).isEqualTo("SHA-512");
  }

  @Test
  void smallContentIsHashedByTheJdkLargeOrUnknownByLibcrypto() {
    assertThat(DigestAlgorithm.SHA256.newMessageDigest(DigestAlgorithm.SMALL_CONTENT_BYTES).getClass().getName())
        .isNotEqualTo(NativeDigests.FOREIGN_CLASS);
    assertThat(DigestAlgorithm.SHA256.newMessageDigest(DigestAlgorithm.SMALL_CONTENT_BYTES + 1).getClass().getName())
        .isEqualTo(NativeDigests.FOREIGN_CLASS);
    assertThat(DigestAlgorithm.SHA256.newMessageDigest(-1).getClass().getName())
        .isEqualTo(NativeDigests.FOREIGN_CLASS);
    byte[] small = "{\"schemaVersion\":2}".getBytes(java.nio.charset.StandardCharsets.UTF_8);
    assertThat(Digest.sha256(small).toString())
        .isEqualTo("sha256:" + java.util.HexFormat.of().formatHex(foreign.get().digest(small)));
  }

  @Test
  void givesTheJdksDigestForEveryWayOfFeedingIt() throws Exception {
    Random random = new Random(5);
    for (int size : new int[] {0, 1, 55, 56, 63, 64, 65, 1000, 65_536, 1_000_003}) {
      byte[] data = new byte[size];
      random.nextBytes(data);
      byte[] expected = DigestAlgorithm.SHA256.jdkMessageDigest().digest(data);

      assertThat(foreign.get().digest(data)).as("array of %d", size).isEqualTo(expected);

      MessageDigest pieces = foreign.get();
      int at = 0;
      while (at < size) {
        int n = Math.min(size - at, 1 + random.nextInt(700));
        if (n == 1) {
          pieces.update(data[at]);
        } else {
          pieces.update(data, at, n);
        }
        at += n;
      }
      assertThat(pieces.digest()).as("pieces of %d", size).isEqualTo(expected);

      ByteBuffer direct = ByteBuffer.allocateDirect(size + 10).position(5);
      direct.put(data).flip().position(5);
      MessageDigest fromDirect = foreign.get();
      fromDirect.update(direct);
      assertThat(direct.hasRemaining()).isFalse();
      assertThat(fromDirect.digest()).as("direct buffer of %d", size).isEqualTo(expected);

      byte[] padded = new byte[size + 20];
      System.arraycopy(data, 0, padded, 7, size);
      MessageDigest fromHeap = foreign.get();
      fromHeap.update(ByteBuffer.wrap(padded, 7, size).slice());
      byte[] out = new byte[40];
      assertThat(fromHeap.digest(out, 3, 32)).isEqualTo(32);
      assertThat(java.util.Arrays.copyOfRange(out, 3, 35)).as("heap buffer of %d", size).isEqualTo(expected);
    }
  }

  @Test
  void resetsAfterADigestAndClonesItsState() throws Exception {
    MessageDigest digest = foreign.get();
    digest.update("first".getBytes());
    digest.digest();
    digest.update("abc".getBytes());
    MessageDigest copy = (MessageDigest) digest.clone();
    digest.update("def".getBytes());
    copy.update("xyz".getBytes());
    assertThat(digest.digest()).isEqualTo(DigestAlgorithm.SHA256.jdkMessageDigest().digest("abcdef".getBytes()));
    assertThat(copy.digest()).isEqualTo(DigestAlgorithm.SHA256.jdkMessageDigest().digest("abcxyz".getBytes()));
    digest.update("partial".getBytes());
    digest.reset();
    assertThat(digest.digest()).isEqualTo(DigestAlgorithm.SHA256.jdkMessageDigest().digest(new byte[0]));
  }

  @Test
  void refusesOutOfRangeArguments() {
    MessageDigest digest = foreign.get();
    assertThatThrownBy(() -> digest.update(new byte[4], 2, 5)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> digest.digest(new byte[40], 0, 16)).isInstanceOf(DigestException.class);
  }

  @Test
  void aClassThatCannotLoadMeansTheJdksDigest() {
    assertThat(NativeDigests.load("dev.stowage.oci.NoSuchForeignDigest")).isEmpty();
  }
}
