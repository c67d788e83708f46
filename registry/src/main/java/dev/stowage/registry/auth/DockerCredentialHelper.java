package dev.stowage.registry.auth;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * A {@code docker-credential-<name>} program (the docker-credential-helpers protocol): {@code get} reads the
 * server URL on stdin and prints {@code {"ServerURL","Username","Secret"}}; {@code store} reads that JSON;
 * {@code erase} reads the server URL. Credentials only ever travel on stdin and stdout.
 */
public final class DockerCredentialHelper {
  private static final Duration TIMEOUT = Duration.ofSeconds(60);
  private static final ObjectMapper JSON = new ObjectMapper();

  private final String name;
  private final CommandRunner runner;

  /**
   * @param name the helper's suffix as written in config.json ({@code "pass"} runs {@code docker-credential-pass})
   */
  public DockerCredentialHelper(String name, CommandRunner runner) {
    if (name.isEmpty() || name.contains("/") || name.contains("\\")) {
      throw new CredentialException(
          "invalid credential helper name '" + name + "': expected the suffix of docker-credential-<name>");
    }
    this.name = name;
    this.runner = runner;
  }

  public String programName() {
    return "docker-credential-" + name;
  }

  /** The credential stored for {@code serverUrl}, or empty when the helper has none. */
  public Optional<Credential> get(String serverUrl) {
    CommandRunner.Result result = run("get", serverUrl.getBytes(StandardCharsets.UTF_8), serverUrl);
    if (result.exitCode() != 0) {
      if (saysNotFound(result)) {
        return Optional.empty();
      }
      throw failure("get", serverUrl, result);
    }
    JsonNode json;
    try {
      json = JSON.readTree(result.stdout());
    } catch (IOException e) {
      throw new CredentialException(programName() + " get printed something that is not JSON for " + serverUrl);
    }
    String username = json == null ? "" : json.path("Username").asText("");
    String secret = json == null ? "" : json.path("Secret").asText("");
    if (secret.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(Credential.of(username, secret));
  }

  /** Stores {@code credential} for {@code serverUrl}. */
  public void store(String serverUrl, Credential credential) {
    ObjectNode json = JSON.createObjectNode();
    json.put("ServerURL", serverUrl);
    json.put("Username", credential.username());
    json.put("Secret", credential.passwordText());
    byte[] input;
    try {
      input = JSON.writeValueAsBytes(json);
    } catch (IOException e) {
      throw new CredentialException("could not encode the credential for " + programName(), e);
    }
    try {
      CommandRunner.Result result = run("store", input, serverUrl);
      if (result.exitCode() != 0) {
        throw failure("store", serverUrl, result);
      }
    } finally {
      Arrays.fill(input, (byte) 0);
    }
  }

  /** Removes the credential for {@code serverUrl}; a helper that has none is not an error. */
  public void erase(String serverUrl) {
    CommandRunner.Result result = run("erase", serverUrl.getBytes(StandardCharsets.UTF_8), serverUrl);
    if (result.exitCode() != 0 && !saysNotFound(result)) {
      throw failure("erase", serverUrl, result);
    }
  }

  private CommandRunner.Result run(String verb, byte[] stdin, String serverUrl) {
    Path program =
        runner.find(programName()).orElseThrow(() -> new CredentialException("the credential helper "
            + programName() + " (configured for " + serverUrl + ") is not on the PATH; install it, or remove it"
            + " from credHelpers/credsStore in your docker config.json"));
    try {
      return runner.run(program, List.of(verb), stdin, TIMEOUT);
    } catch (IOException e) {
      throw new CredentialException(
          "running " + programName() + " " + verb + " for " + serverUrl + " failed: " + e.getMessage(), e);
    }
  }

  /** The helpers' conventional answer when they hold nothing for a server. */
  private static boolean saysNotFound(CommandRunner.Result result) {
    String out = (new String(result.stdout(), StandardCharsets.UTF_8) + " "
        + new String(result.stderr(), StandardCharsets.UTF_8)).toLowerCase(Locale.ROOT);
    return out.contains("credentials not found");
  }

  private CredentialException failure(String verb, String serverUrl, CommandRunner.Result result) {
    // On failure a helper prints a reason, not a credential; show its first line, shortened.
    String said = firstLine(result.stderr());
    if (said.isEmpty()) {
      said = firstLine(result.stdout());
    }
    return new CredentialException(programName() + " " + verb + " for " + serverUrl + " failed with exit code "
        + result.exitCode() + (said.isEmpty() ? "" : ": " + said));
  }

  private static String firstLine(byte[] output) {
    String text = new String(output, StandardCharsets.UTF_8).strip();
    int newline = text.indexOf('\n');
    String line = newline < 0 ? text : text.substring(0, newline).strip();
    return line.length() <= 200 ? line : line.substring(0, 197) + "...";
  }

  @Override
  public String toString() {
    return programName();
  }
}
