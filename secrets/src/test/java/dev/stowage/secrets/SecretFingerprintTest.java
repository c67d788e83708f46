package dev.stowage.secrets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class SecretFingerprintTest {
  private static final byte[] KEY = new byte[32];
  private static final byte[] OTHER_KEY = new byte[32];

  static {
    for (int i = 0; i < 32; i++) {
      KEY[i] = (byte) i;
      OTHER_KEY[i] = (byte) (31 - i);
    }
  }

  private static byte[] hmac(String secret, byte[] key) {
    try (SecretValue value = SecretValue.ofUtf8(secret); SecretValue k = SecretValue.copyOf(key)) {
      return SecretFingerprint.hmac(value, k);
    }
  }

  @Test
  void isTheHmacSha256OfTheSecretsBytes() {
    // Expected values from Python's hmac module, an independent implementation.
    assertThat(HexFormat.of().formatHex(hmac("canary-7f3a9c1e-secret", KEY)))
        .isEqualTo("728186de9e6a5c728fd3fbb7792a40b9c88715aefd3fe40ba9ce1c52f96f20dd");
    assertThat(HexFormat.of().formatHex(hmac("", KEY)))
        .isEqualTo("d38b42096d80f45f826b44a9d5607de72496a415d3f4a1a8c88e3bb9da8dc1cb");
  }

  @Test
  void followsTheSecretAndTheKey() {
    byte[] fingerprint = hmac("token-one", KEY);
    assertThat(fingerprint).hasSize(SecretFingerprint.KEY_BYTES).isEqualTo(hmac("token-one", KEY))
        .isNotEqualTo(hmac("token-two", KEY)).isNotEqualTo(hmac("token-one", OTHER_KEY));
  }

  @Test
  void leavesBothValuesOpenAndUnchanged() {
    try (SecretValue value = SecretValue.ofUtf8("still-here"); SecretValue key = SecretValue.copyOf(KEY)) {
      SecretFingerprint.hmac(value, key);
      assertThat(value.closed()).isFalse();
      byte[][] seen = new byte[2][];
      value.reveal(b -> {
        seen[0] = new byte[b.remaining()];
        b.get(seen[0]);
      });
      key.reveal(b -> {
        seen[1] = new byte[b.remaining()];
        b.get(seen[1]);
      });
      assertThat(new String(seen[0], StandardCharsets.UTF_8)).isEqualTo("still-here");
      assertThat(seen[1]).isEqualTo(KEY);
    }
  }

  @Test
  void refusesAShortKeyAndAClosedSecret() {
    assertThatThrownBy(() -> hmac("x", new byte[16])).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("a secret fingerprint key needs 32 bytes, got 16");
    SecretValue closed = SecretValue.ofUtf8("gone");
    closed.close();
    try (SecretValue key = SecretValue.copyOf(KEY)) {
      assertThatThrownBy(() -> SecretFingerprint.hmac(closed, key)).isInstanceOf(IllegalStateException.class);
    }
  }
}
