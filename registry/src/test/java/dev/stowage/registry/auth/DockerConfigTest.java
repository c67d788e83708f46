package dev.stowage.registry.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DockerConfigTest {
  @TempDir Path dir;

  private DockerConfig config(String json) throws IOException {
    Path file = dir.resolve("config.json");
    Files.writeString(file, json);
    return DockerConfig.load(file, HelperScripts.runnerWith(dir));
  }

  private static String password(Credential c) {
    String[] text = new String[1];
    c.password().reveal((ByteBuffer b) -> text[0] = StandardCharsets.UTF_8.decode(b).toString());
    return text[0];
  }

  private static String base64(String s) {
    return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void readsABase64AuthEntryWhateverTheKeysSpelling() throws IOException {
    DockerConfig config = config("{\"auths\":{\"https://Registry.Example:5000/v2/\":{\"auth\":\""
        + base64("alice:pa:ss") + "\"}}}");

    Credential c = config.credentialFor("registry.example:5000").orElseThrow();

    assertThat(c.username()).isEqualTo("alice");
    assertThat(password(c)).isEqualTo("pa:ss");
    assertThat(config.credentialFor("registry.example")).isEmpty();
    assertThat(config.credentialFor("registry.example:5001")).isEmpty();
  }

  @Test
  void readsUsernameAndPasswordFieldsAndIdentityTokens() throws IOException {
    DockerConfig config = config("""
        {"auths": {
          "plain.example": {"username": "bob", "password": "builder"},
          "oauth.example": {"identitytoken": "refresh-me"},
          "empty.example": {}
        }}""");

    assertThat(config.credentialFor("plain.example")).hasValueSatisfying(c -> {
      assertThat(c.username()).isEqualTo("bob");
      assertThat(password(c)).isEqualTo("builder");
      assertThat(c.isIdentityToken()).isFalse();
    });
    assertThat(config.credentialFor("oauth.example")).hasValueSatisfying(c -> {
      assertThat(c.isIdentityToken()).isTrue();
      assertThat(password(c)).isEqualTo("refresh-me");
    });
    assertThat(config.credentialFor("empty.example")).isEmpty();
  }

  @Test
  void dockerHubsNamesAllFindItsEntry() throws IOException {
    DockerConfig config = config("{\"auths\":{\"https://index.docker.io/v1/\":{\"auth\":\"" + base64("hub:pw") + "\"}}}");

    assertThat(config.credentialFor("docker.io")).hasValueSatisfying(c -> assertThat(c.username()).isEqualTo("hub"));
    assertThat(config.credentialFor("registry-1.docker.io")).isPresent();
  }

  @Test
  void aMissingFileMeansNoCredentials() {
    DockerConfig config = DockerConfig.load(dir.resolve("nope/config.json"), HelperScripts.runnerWith(dir));
    assertThat(config.credentialFor("registry.example")).isEmpty();
  }

  @Test
  void invalidJsonIsReportedByLineWithoutQuotingTheFile() throws IOException {
    assertThatThrownBy(() -> config("{\"auths\": {\n \"r\": {\"auth\": \"c2VjcmV0LXZhbHVl\" oops}}}"))
        .isInstanceOf(CredentialException.class)
        .hasMessageContaining("is not valid JSON (line 2)")
        .hasMessageNotContaining("c2VjcmV0LXZhbHVl")
        .hasNoCause();
  }

  @Test
  void anUndecodableAuthNamesTheRegistryAndTheFileButNotTheValue() throws IOException {
    DockerConfig config = config("{\"auths\":{\"r.example\":{\"auth\":\"%%not-base64-SECRET%%\"}}}");

    assertThatThrownBy(() -> config.credentialFor("r.example"))
        .isInstanceOf(CredentialException.class)
        .hasMessageContaining("\"auth\" of r.example in " + dir.resolve("config.json"))
        .hasMessageNotContaining("SECRET");
  }

  @Test
  void aCredHelpersEntryRunsThatHelperWithTheServerOnStdin() throws IOException {
    HelperScripts.write(dir, "fake", "registry.example:5000", "helper-user", "helper-secret");
    DockerConfig config = config("{\"credHelpers\":{\"registry.example:5000\":\"fake\"},"
        + "\"auths\":{\"registry.example:5000\":{\"auth\":\"" + base64("file:ignored") + "\"}}}");

    Credential c = config.credentialFor("registry.example:5000").orElseThrow();

    assertThat(c.username()).isEqualTo("helper-user");
    assertThat(password(c)).isEqualTo("helper-secret");
    assertThat(Files.readString(dir.resolve("asked"))).isEqualTo("registry.example:5000\n");
  }

  @Test
  void theCredsStoreIsAskedAndNotFoundMeansAnonymous() throws IOException {
    HelperScripts.write(dir, "store", "other.example", "u", "s");
    DockerConfig config = config("{\"credsStore\":\"store\"}");

    assertThat(config.credentialFor("registry.example")).isEmpty();
    assertThat(Files.readString(dir.resolve("asked"))).isEqualTo("registry.example\n");
  }

  @Test
  void dockerHubIsAskedForByItsServerUrl() throws IOException {
    HelperScripts.write(dir, "store", DockerConfig.DOCKER_HUB_SERVER, "hubuser", "hubsecret");
    DockerConfig config = config("{\"credsStore\":\"store\"}");

    assertThat(config.credentialFor("docker.io")).hasValueSatisfying(c -> assertThat(c.username()).isEqualTo("hubuser"));
  }

  @Test
  void aMissingHelperSaysWhatToInstall() throws IOException {
    DockerConfig config = config("{\"credHelpers\":{\"r.example\":\"absent\"}}");

    assertThatThrownBy(() -> config.credentialFor("r.example"))
        .isInstanceOf(CredentialException.class)
        .hasMessage("the credential helper docker-credential-absent (configured for r.example) is not on the PATH;"
            + " install it, or remove it from credHelpers/credsStore in your docker config.json");
  }

  @Test
  void aFailingHelperIsReportedWithItsExitCodeAndFirstLine() throws IOException {
    HelperScripts.writeScript(dir, "broken", "#!/bin/sh\necho 'keychain is locked' >&2\necho second line >&2\nexit 3\n");
    DockerConfig config = config("{\"credsStore\":\"broken\"}");

    assertThatThrownBy(() -> config.credentialFor("r.example"))
        .isInstanceOf(CredentialException.class)
        .hasMessage("docker-credential-broken get for r.example failed with exit code 3: keychain is locked");
  }

  @Test
  void helpersAreLookedUpByNameOnlyNeverByPath() {
    ProcessCommandRunner runner = HelperScripts.runnerWith(dir);
    assertThat(runner.find("../../bin/sh")).isEmpty();
    assertThatThrownBy(() -> new DockerCredentialHelper("../evil", runner)).isInstanceOf(CredentialException.class);
  }

  @Test
  void theConfigComesFromDockerConfigWhenSet() {
    assertThat(DockerConfig.defaultPath(Map.of("DOCKER_CONFIG", "/etc/dc"), Path.of("/home/u")))
        .isEqualTo(Path.of("/etc/dc/config.json"));
    assertThat(DockerConfig.defaultPath(Map.of(), Path.of("/home/u")))
        .isEqualTo(Path.of("/home/u/.docker/config.json"));
  }

  @Test
  void aCredentialShowsItsUserButNeverItsPassword() {
    Credential c = Credential.of("alice", "hunter2-secret");
    assertThat(c.toString()).isEqualTo("Credential[alice, ****]");
    assertThat(Optional.of(c).toString()).doesNotContain("hunter2");
  }
}
