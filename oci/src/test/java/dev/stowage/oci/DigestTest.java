package dev.stowage.oci;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class DigestTest {
  private static final String EMPTY_SHA256 = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

  @Test
  void parsesAndPrintsSha256() {
    Digest digest = Digest.parse("sha256:" + EMPTY_SHA256);
    assertThat(digest.algorithm()).isEqualTo(DigestAlgorithm.SHA256);
    assertThat(digest.encoded()).isEqualTo(EMPTY_SHA256);
    assertThat(digest).hasToString("sha256:" + EMPTY_SHA256);
    assertThat(Digest.sha256(new byte[0])).isEqualTo(digest);
  }

  @Test
  void computesSha512() {
    Digest digest = Digest.of(DigestAlgorithm.SHA512, "abc".getBytes());
    assertThat(digest.toString()).startsWith("sha512:ddaf35a193617aba");
    assertThat(Digest.parse(digest.toString())).isEqualTo(digest);
  }

  @Test
  void rejectsMalformedDigestsWithTheReason() {
    assertThatThrownBy(() -> Digest.parse(EMPTY_SHA256)).hasMessageContaining("expected <algorithm>:<hex>");
    assertThatThrownBy(() -> Digest.parse("md5:abc")).hasMessageContaining("unsupported digest algorithm 'md5'");
    assertThatThrownBy(() -> Digest.parse("sha256:abc")).hasMessageContaining("expected 64 hex characters, found 3");
    assertThatThrownBy(() -> Digest.parse("sha256:" + EMPTY_SHA256.toUpperCase()))
        .hasMessageContaining("lower case");
    assertThatThrownBy(() -> Digest.parse("sha256:" + EMPTY_SHA256.substring(1) + "g"))
        .hasMessageContaining("'g' at position 63 is not a hex character");
    assertThatThrownBy(() -> Digest.parse("SHA256:" + EMPTY_SHA256)).hasMessageContaining("lower case");
  }

  @Test
  void rawRefusesBytesThatDoNotMatchItsDigest() {
    assertThatThrownBy(() -> new Raw<>("x", "abc".getBytes(), Digest.sha256("abd")))
        .isInstanceOf(DigestMismatchException.class);
  }

  @Test
  void equalsAndHashCodeFollowBothComponents() {
    String hex = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
    Digest digest = Digest.parse("sha256:" + hex);
    assertThat(digest).isEqualTo(new Digest(DigestAlgorithm.SHA256, hex)).hasSameHashCodeAs(Digest.sha256(""))
        .isNotEqualTo(Digest.sha256("x")).isNotEqualTo(Digest.of(DigestAlgorithm.SHA512, new byte[0]))
        .isNotEqualTo("sha256:" + hex).isNotEqualTo(null);
    // written out by hand: a new component must join them
    assertThat(Digest.class.getRecordComponents()).hasSize(2);
  }
}
