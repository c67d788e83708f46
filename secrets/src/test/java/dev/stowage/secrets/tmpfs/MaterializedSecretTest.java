package dev.stowage.secrets.tmpfs;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stowage.secrets.SecretId;
import dev.stowage.secrets.SecretValue;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class MaterializedSecretTest {
  private static final SecretId ID = SecretId.of("npmrc");
  private static final byte[] CANARY = "//registry/:_authToken=canary-3b9e".getBytes(UTF_8);

  private VolatileDir dir;

  @BeforeEach
  void createDir() {
    ShmSupport.assumeShmIsTmpfs();
    dir = VolatileDir.create(ShmSupport.SHM);
  }

  @AfterEach
  void closeDir() {
    if (dir != null) {
      dir.close();
    }
  }

  private static Map<String, Object> unixAttributes(Path path) throws IOException {
    return Files.readAttributes(path, "unix:mode,uid,gid", LinkOption.NOFOLLOW_LINKS);
  }

  @Test
  void writesTheBytesWithBuildKitsDefaults() throws IOException {
    try (SecretValue value = SecretValue.copyOf(CANARY);
        MaterializedSecret secret = MaterializedSecret.write(dir, ID, value)) {
      assertThat(secret.path().getParent()).isEqualTo(dir.path());
      assertThat(secret.path().getFileName().toString()).matches("[0-9a-f]{32}").doesNotContain(ID.value());
      assertThat(Files.readAllBytes(secret.path())).isEqualTo(CANARY);
      Map<String, Object> attributes = unixAttributes(secret.path());
      assertThat((Integer) attributes.get("mode") & 07777).isEqualTo(0400);
      assertThat(attributes.get("uid")).isEqualTo(0);
      assertThat(attributes.get("gid")).isEqualTo(0);
    }
  }

  @Test
  void appliesTheRequestedModeOwnerAndGroup() throws IOException {
    ShmSupport.assumeRoot();
    try (SecretValue value = SecretValue.copyOf(CANARY);
        MaterializedSecret secret = MaterializedSecret.write(dir, ID, value, 0440, 1234, 5678)) {
      Map<String, Object> attributes = unixAttributes(secret.path());
      assertThat(Integer.toOctalString((Integer) attributes.get("mode") & 07777)).isEqualTo("440");
      assertThat(attributes.get("uid")).isEqualTo(1234);
      assertThat(attributes.get("gid")).isEqualTo(5678);
    }
    try (SecretValue value = SecretValue.copyOf(CANARY);
        MaterializedSecret secret = MaterializedSecret.write(dir, ID, value, 02755, 0, 0)) {
      // chmod comes after chown, so a set-gid bit survives.
      assertThat(Integer.toOctalString((Integer) unixAttributes(secret.path()).get("mode") & 07777)).isEqualTo("2755");
    }
  }

  @Test
  void closeOverwritesThenUnlinks() throws IOException {
    try (SecretValue value = SecretValue.copyOf(CANARY)) {
      MaterializedSecret secret = MaterializedSecret.write(dir, ID, value);
      Path witness = ShmSupport.SHM.resolve("stowage-test-witness-" + ProcessHandle.current().pid() + "-m");
      Files.createLink(witness, secret.path());
      try {
        secret.close();
        assertThat(secret.path()).doesNotExist();
        assertThat(Files.readAllBytes(witness)).hasSize(CANARY.length).containsOnly(0);
        secret.close(); // idempotent
      } finally {
        Files.deleteIfExists(witness);
      }
    }
  }

  @Test
  void aClosedValueLeavesNoFileBehind() throws IOException {
    SecretValue value = SecretValue.copyOf(CANARY);
    value.close();
    assertThatThrownBy(() -> MaterializedSecret.write(dir, ID, value))
        .isInstanceOf(VolatileStorageException.class)
        .hasMessageStartingWith("writing secret 'npmrc' to " + dir.path());
    try (var entries = Files.list(dir.path())) {
      assertThat(entries).isEmpty();
    }
  }

  @Test
  void refusesAModeThatIsNotAFileMode() {
    try (SecretValue value = SecretValue.copyOf(CANARY)) {
      assertThatThrownBy(() -> MaterializedSecret.write(dir, ID, value, 010000, 0, 0))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("mode 10000 for secret 'npmrc' is not a file mode (0 to 7777 octal)");
    }
  }

  @Test
  void messagesNameTheIdNeverTheValue() {
    try (SecretValue value = SecretValue.copyOf(CANARY);
        MaterializedSecret secret = MaterializedSecret.write(dir, ID, value)) {
      assertThat(secret.toString()).contains("npmrc").doesNotContain("canary");
    }
  }
}
