package dev.stowage.secrets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProvidedSecretsTest {
  @TempDir Path dir;

  private static Path fixture(String name) throws URISyntaxException {
    return Path.of(ProvidedSecretsTest.class.getResource("files/" + name).toURI());
  }

  private static byte[] bytesOf(SecretValue value) {
    byte[] out = new byte[value.length()];
    value.reveal(b -> b.get(out));
    return out;
  }

  private static SecretSpec file(String id, Path path) {
    return new SecretSpec(SecretId.of(id), new FileSource(path));
  }

  private static SecretSpec env(String id, String name) {
    return new SecretSpec(SecretId.of(id), new EnvSource(name));
  }

  @Test
  void readsAFileAndAVariable() throws Exception {
    Path npmrc = fixture("npmrc");
    try (ProvidedSecrets secrets =
        ProvidedSecrets.open(List.of(file("npmrc", npmrc), env("tok", "GH_TOKEN")), Map.of("GH_TOKEN", "ghp_canary"))) {
      assertThat(secrets.ids()).containsExactly(SecretId.of("npmrc"), SecretId.of("tok"));
      assertThat(bytesOf(secrets.get(SecretId.of("npmrc")).orElseThrow())).isEqualTo(Files.readAllBytes(npmrc));
      assertThat(bytesOf(secrets.get(SecretId.of("tok")).orElseThrow()))
          .isEqualTo("ghp_canary".getBytes(StandardCharsets.UTF_8));
      assertThat(secrets.get(SecretId.of("absent"))).isEmpty();
    }
  }

  @Test
  void anUnsetVariableIsAnErrorNamingTheId() {
    assertThatThrownBy(() -> ProvidedSecrets.open(List.of(env("tok", "GH_TOKEN")), Map.of()))
        .isInstanceOf(SecretSourceException.class)
        .hasMessage("secret 'tok': environment variable GH_TOKEN is not set")
        .extracting(e -> ((SecretSourceException) e).id())
        .isEqualTo(SecretId.of("tok"));
  }

  @Test
  void anEmptyVariableIsAnError() {
    assertThatThrownBy(() -> ProvidedSecrets.open(List.of(env("tok", "GH_TOKEN")), Map.of("GH_TOKEN", "")))
        .hasMessage("secret 'tok': environment variable GH_TOKEN is empty");
  }

  @Test
  void aMissingFileIsAnErrorNamingTheId() {
    Path missing = dir.resolve("nope");
    assertThatThrownBy(() -> ProvidedSecrets.open(List.of(file("npmrc", missing)), Map.of()))
        .isInstanceOf(SecretSourceException.class)
        .hasMessage("secret 'npmrc': file " + missing + " does not exist");
  }

  @Test
  void theIdOnlyFallbackMentionsTheVariableItDidNotFind() {
    SecretSpec spec = SecretSpecParser.parse("id=no-such-file-or-var-5d1c", Map.of());
    assertThatThrownBy(() -> ProvidedSecrets.open(List.of(spec), Map.of()))
        .hasMessage(
            "secret 'no-such-file-or-var-5d1c': file no-such-file-or-var-5d1c does not exist"
                + " (and no environment variable no-such-file-or-var-5d1c is set)");
  }

  @Test
  void aDirectoryOrAnEmptyFileIsRefused() throws IOException {
    assertThatThrownBy(() -> ProvidedSecrets.open(List.of(file("d", dir)), Map.of()))
        .hasMessage("secret 'd': file " + dir + " is a directory; a secret is one file");
    Path empty = Files.createFile(dir.resolve("empty"));
    assertThatThrownBy(() -> ProvidedSecrets.open(List.of(file("e", empty)), Map.of()))
        .hasMessage("secret 'e': file " + empty + " is empty");
  }

  @Test
  void theSizeLimitIs500KiBInclusive() throws IOException {
    Path atLimit = Files.write(dir.resolve("at"), new byte[ProvidedSecrets.MAX_SECRET_BYTES]);
    Path over = Files.write(dir.resolve("over"), new byte[ProvidedSecrets.MAX_SECRET_BYTES + 1]);
    try (ProvidedSecrets ok = ProvidedSecrets.open(List.of(file("at", atLimit)), Map.of())) {
      assertThat(ok.get(SecretId.of("at")).orElseThrow().length()).isEqualTo(500 * 1024);
    }
    assertThatThrownBy(() -> ProvidedSecrets.open(List.of(file("big", over)), Map.of()))
        .isInstanceOf(SecretSourceException.class)
        .hasMessage("secret 'big': file " + over + " is larger than the 500 KiB limit for a secret");
    String huge = "x".repeat(ProvidedSecrets.MAX_SECRET_BYTES + 1);
    assertThatThrownBy(() -> ProvidedSecrets.open(List.of(env("big", "V")), Map.of("V", huge)))
        .hasMessage("secret 'big': environment variable V is larger than the 500 KiB limit for a secret");
    // 200k three-byte characters are 600 KB in UTF-8, although the String has only 200k chars.
    String wide = "€".repeat(200 * 1024);
    assertThatThrownBy(() -> ProvidedSecrets.open(List.of(env("wide", "V")), Map.of("V", wide)))
        .hasMessageContaining("larger than the 500 KiB limit");
  }

  @Test
  void aFileThatGrowsPastTheLimitBeforeItIsReadIsRefusedThen() throws IOException {
    Path growing = Files.write(dir.resolve("grows"), new byte[] {1, 2, 3, 4, 5, 6});
    try (ProvidedSecrets secrets = ProvidedSecrets.open(List.of(file("g", growing)), Map.of())) {
      Files.write(growing, new byte[ProvidedSecrets.MAX_SECRET_BYTES + 10]);
      assertThatThrownBy(() -> secrets.get(SecretId.of("g")))
          .isInstanceOf(SecretSourceException.class)
          .hasMessage("secret 'g': file " + growing + " is larger than the 500 KiB limit for a secret");
    }
  }

  @Test
  void anUnreadableFileIsRefusedUpFront() throws IOException {
    Path locked = Files.write(dir.resolve("locked"), new byte[] {1, 2, 3, 4, 5, 6});
    Files.setPosixFilePermissions(locked, PosixFilePermissions.fromString("---------"));
    // root reads anything, so only a non-root run can see this refusal.
    org.junit.jupiter.api.Assumptions.assumeFalse(Files.isReadable(locked), "running as root");
    assertThatThrownBy(() -> ProvidedSecrets.open(List.of(file("l", locked)), Map.of()))
        .hasMessage("secret 'l': file " + locked + " cannot be read (permission denied)");
  }

  @Test
  void idsMustBeUnique() throws Exception {
    assertThatThrownBy(
            () -> ProvidedSecrets.open(List.of(env("a", "X"), file("a", fixture("npmrc"))), Map.of("X", "value")))
        .isInstanceOf(SecretSourceException.class)
        .hasMessage("secret 'a' is given more than once; give each --secret its own id");
  }

  @Test
  void readsLazilyOnceAndReturnsTheSameValue() throws IOException {
    Path path = Files.writeString(dir.resolve("s"), "first-value");
    try (ProvidedSecrets secrets = ProvidedSecrets.open(List.of(file("s", path)), Map.of())) {
      Files.writeString(path, "second-value"); // not read yet: the first get sees this
      SecretValue value = secrets.get(SecretId.of("s")).orElseThrow();
      Files.writeString(path, "third-value"); // already read: later gets keep the same bytes
      assertThat(secrets.get(SecretId.of("s")).orElseThrow()).isSameAs(value);
      assertThat(new String(bytesOf(value), StandardCharsets.UTF_8)).isEqualTo("second-value");
    }
  }

  @Test
  void closeZeroFillsEveryValueRead() throws Exception {
    ProvidedSecrets secrets =
        ProvidedSecrets.open(List.of(file("npmrc", fixture("npmrc")), env("t", "T")), Map.of("T", "token-value"));
    SecretValue npmrc = secrets.get(SecretId.of("npmrc")).orElseThrow();
    SecretValue token = secrets.get(SecretId.of("t")).orElseThrow();
    secrets.close();
    assertThat(npmrc.closed()).isTrue();
    assertThat(token.closed()).isTrue();
    assertThatThrownBy(() -> secrets.get(SecretId.of("t"))).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void readsFromAPipe() throws Exception {
    // src=<(pass show token) gives BuildKit a /dev/fd path: a pipe with no size until it is read.
    Path fifo = dir.resolve("fifo");
    Process mkfifo = new ProcessBuilder("mkfifo", fifo.toString()).start();
    org.junit.jupiter.api.Assumptions.assumeTrue(mkfifo.waitFor() == 0, "mkfifo available");
    Thread writer =
        Thread.ofVirtual().start(() -> {
          try {
            Files.writeString(fifo, "piped-secret");
          } catch (IOException e) {
            throw new RuntimeException(e);
          }
        });
    try (ProvidedSecrets secrets = ProvidedSecrets.open(List.of(file("p", fifo)), Map.of())) {
      assertThat(new String(bytesOf(secrets.get(SecretId.of("p")).orElseThrow()), StandardCharsets.UTF_8))
          .isEqualTo("piped-secret");
    }
    writer.join();
  }
}
