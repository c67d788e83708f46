package dev.stowage.scan.detect;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FingerprinterTest {
  @TempDir Path dir;

  @Test
  void theKeyFileIsCreatedPrivateOnceAndReused() throws Exception {
    Path key = dir.resolve("config/stowage/fingerprint.key");
    String first = Fingerprinter.fromKeyFile(key).of("hunter2hunter2");
    assertThat(Files.size(key)).isEqualTo(Fingerprinter.KEY_BYTES);
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(key))).isEqualTo("rw-------");
    assertThat(Fingerprinter.fromKeyFile(key).of("hunter2hunter2")).isEqualTo(first);
    assertThat(first).hasSize(16).matches("[0-9a-f]+");
    try (var files = Files.list(key.getParent())) {
      assertThat(files).containsExactly(key); // no temporary file left behind
    }
  }

  @Test
  void differentKeysGiveDifferentFingerprintsOfTheSameSecret() {
    Fingerprinter a = Fingerprinter.withKey(new byte[32]);
    byte[] other = new byte[32];
    other[0] = 1;
    assertThat(a.of("hunter2hunter2")).isEqualTo(a.of("hunter2hunter2".getBytes()))
        .isNotEqualTo(Fingerprinter.withKey(other).of("hunter2hunter2"))
        .isNotEqualTo(a.of("hunter2hunter3"));
  }
}
