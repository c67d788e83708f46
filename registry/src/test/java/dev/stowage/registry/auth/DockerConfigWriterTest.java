package dev.stowage.registry.auth;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DockerConfigWriterTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;

  private Path file() {
    return dir.resolve("docker/config.json");
  }

  private JsonNode read() throws IOException {
    return JSON.readTree(Files.readAllBytes(file()));
  }

  @Test
  void loginWritesABase64AuthEntryReadableOnlyByTheOwner() throws IOException {
    DockerConfigWriter writer = new DockerConfigWriter(file(), HelperScripts.runnerWith(dir));

    String storedIn = writer.login("localhost:5000", Credential.of("alice", "wonderland"));

    assertThat(storedIn).isEqualTo(file().toString());
    assertThat(read().path("auths").path("localhost:5000").path("auth").asText())
        .isEqualTo(Base64.getEncoder().encodeToString("alice:wonderland".getBytes(StandardCharsets.UTF_8)));
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file()))).isEqualTo("rw-------");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file().getParent()))).isEqualTo("rwx------");
    Credential back = DockerConfig.load(file(), HelperScripts.runnerWith(dir)).credentialFor("localhost:5000").orElseThrow();
    assertThat(back.username()).isEqualTo("alice");
  }

  @Test
  void loginKeepsEveryOtherFieldAndReplacesTheEntryHoweverItWasSpelled() throws IOException {
    Files.createDirectories(file().getParent());
    Files.writeString(file(), """
        {"auths": {"http://localhost:5000/v2/": {"auth": "b2xkOm9sZA=="}, "other.example": {"auth": "eDp5"}},
         "psFormat": "table {{.ID}}", "proxies": {"default": {"httpProxy": "http://proxy:3128"}}}""");
    Files.setPosixFilePermissions(file(), PosixFilePermissions.fromString("rw-r--r--"));

    new DockerConfigWriter(file(), HelperScripts.runnerWith(dir)).login("localhost:5000", Credential.of("new", "pw"));

    JsonNode json = read();
    assertThat(json.path("psFormat").asText()).isEqualTo("table {{.ID}}");
    assertThat(json.path("proxies").path("default").path("httpProxy").asText()).isEqualTo("http://proxy:3128");
    assertThat(json.path("auths").has("http://localhost:5000/v2/")).isFalse();
    assertThat(json.path("auths").has("localhost:5000")).isTrue();
    assertThat(json.path("auths").path("other.example").path("auth").asText()).isEqualTo("eDp5");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file()))).isEqualTo("rw-------");
    try (Stream<Path> left = Files.list(file().getParent())) {
      assertThat(left).containsExactly(file()); // no temporary file left behind
    }
  }

  @Test
  void withACredentialStoreLoginGoesToTheHelperAndTheFileOnlyListsTheServer() throws IOException {
    HelperScripts.write(dir, "vault", "unused", "u", "s");
    Files.createDirectories(file().getParent());
    Files.writeString(file(), "{\"credsStore\": \"vault\"}");

    String storedIn = new DockerConfigWriter(file(), HelperScripts.runnerWith(dir))
        .login("registry.example", Credential.of("carol", "s3cret-value"));

    assertThat(storedIn).isEqualTo("docker-credential-vault");
    JsonNode stored = JSON.readTree(Files.readAllBytes(dir.resolve("stored.json")));
    assertThat(stored.path("ServerURL").asText()).isEqualTo("registry.example");
    assertThat(stored.path("Username").asText()).isEqualTo("carol");
    assertThat(stored.path("Secret").asText()).isEqualTo("s3cret-value");
    assertThat(read().path("auths").path("registry.example").isEmpty()).isTrue();
    assertThat(Files.readString(file())).doesNotContain("s3cret-value");
  }

  @Test
  void logoutRemovesTheEntryAndErasesItFromTheHelper() throws IOException {
    HelperScripts.write(dir, "vault", "unused", "u", "s");
    Files.createDirectories(file().getParent());
    Files.writeString(file(), "{\"credHelpers\": {\"registry.example\": \"vault\"},"
        + " \"auths\": {\"registry.example\": {}, \"keep.example\": {\"auth\": \"eDp5\"}}}");
    DockerConfigWriter writer = new DockerConfigWriter(file(), HelperScripts.runnerWith(dir));

    assertThat(writer.logout("registry.example")).isTrue();

    assertThat(read().path("auths").has("registry.example")).isFalse();
    assertThat(read().path("auths").has("keep.example")).isTrue();
    assertThat(Files.readString(dir.resolve("erased"))).isEqualTo("registry.example\n");
    assertThat(writer.logout("never.example")).isFalse();
  }
}
