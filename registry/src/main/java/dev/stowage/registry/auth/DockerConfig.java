package dev.stowage.registry.auth;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Credentials from docker's {@code config.json}, looked up the way the docker CLI does: a {@code credHelpers}
 * entry for the registry first, then the {@code credsStore} helper, then the {@code auths} entry ({@code auth}
 * as base64 {@code user:password}, or {@code username}/{@code password}, or an {@code identitytoken}). Keys of
 * {@code auths} match by host name, so {@code https://localhost:5000/v2/} matches {@code localhost:5000}.
 */
public final class DockerConfig implements CredentialSource {
  /** The server URL docker uses for Docker Hub in config.json and with credential helpers. */
  public static final String DOCKER_HUB_SERVER = "https://index.docker.io/v1/";

  private static final ObjectMapper JSON = new ObjectMapper();

  private final Path file;
  private final JsonNode root;
  private final CommandRunner runner;

  DockerConfig(Path file, JsonNode root, CommandRunner runner) {
    this.file = file;
    this.root = root;
    this.runner = runner;
  }

  /** Reads {@code file}; a missing file means no credentials. */
  public static DockerConfig load(Path file, CommandRunner runner) {
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      return new DockerConfig(file, JSON.createObjectNode(), runner);
    } catch (IOException e) {
      throw new CredentialException("could not read the docker config " + file + ": " + e.getMessage(), e);
    }
    return new DockerConfig(file, parse(file, bytes), runner);
  }

  /** Reads the config.json of {@link #defaultPath(Map, Path)} for this process. */
  public static DockerConfig fromEnvironment(CommandRunner runner) {
    return load(defaultPath(System.getenv(), Path.of(System.getProperty("user.home"))), runner);
  }

  /** {@code $DOCKER_CONFIG/config.json} when DOCKER_CONFIG is set, else {@code ~/.docker/config.json}. */
  public static Path defaultPath(Map<String, String> env, Path home) {
    String dir = env.get("DOCKER_CONFIG");
    return (dir == null || dir.isBlank() ? home.resolve(".docker") : Path.of(dir)).resolve("config.json");
  }

  public Path file() {
    return file;
  }

  @Override
  public Optional<Credential> credentialFor(String registry) {
    String host = hostKey(registry);
    Optional<String> helper = helperFor(host);
    if (helper.isPresent()) {
      Optional<Credential> fromHelper = new DockerCredentialHelper(helper.get(), runner).get(serverUrl(registry));
      if (fromHelper.isPresent()) {
        return fromHelper;
      }
    }
    return inlineEntry(host).flatMap(entry -> decode(entry, registry));
  }

  /** The helper that holds the credentials of {@code registry}: its credHelpers entry, else credsStore. */
  Optional<String> helperFor(String host) {
    JsonNode helpers = root.path("credHelpers");
    for (Map.Entry<String, JsonNode> e : helpers.properties()) {
      if (hostKey(e.getKey()).equals(host) && e.getValue().isTextual() && !e.getValue().asText().isEmpty()) {
        return Optional.of(e.getValue().asText());
      }
    }
    String store = root.path("credsStore").asText("");
    return store.isEmpty() ? Optional.empty() : Optional.of(store);
  }

  private Optional<JsonNode> inlineEntry(String host) {
    JsonNode auths = root.path("auths");
    for (Map.Entry<String, JsonNode> e : auths.properties()) {
      if (hostKey(e.getKey()).equals(host) && e.getValue().isObject()) {
        return Optional.of(e.getValue());
      }
    }
    return Optional.empty();
  }

  private Optional<Credential> decode(JsonNode entry, String registry) {
    String identityToken = entry.path("identitytoken").asText("");
    if (!identityToken.isEmpty()) {
      return Optional.of(Credential.identityToken(identityToken));
    }
    String auth = entry.path("auth").asText("");
    if (!auth.isEmpty()) {
      String decoded;
      try {
        decoded = new String(Base64.getDecoder().decode(auth.strip()), StandardCharsets.UTF_8);
      } catch (IllegalArgumentException e) {
        throw new CredentialException("the \"auth\" of " + registry + " in " + file
            + " is not valid base64; log in again to rewrite it");
      }
      int colon = decoded.indexOf(':');
      if (colon < 0) {
        throw new CredentialException("the \"auth\" of " + registry + " in " + file
            + " does not decode to user:password; log in again to rewrite it");
      }
      return Optional.of(Credential.of(decoded.substring(0, colon), decoded.substring(colon + 1)));
    }
    String username = entry.path("username").asText("");
    String password = entry.path("password").asText("");
    if (!password.isEmpty()) {
      return Optional.of(Credential.of(username, password));
    }
    return Optional.empty();
  }

  /** What docker passes to a credential helper for {@code registry}. */
  static String serverUrl(String registry) {
    return hostKey(registry).equals("index.docker.io") ? DOCKER_HUB_SERVER : registry;
  }

  /**
   * The host part of a config key or registry name, lower-cased, with Docker Hub's names folded into one:
   * {@code https://Registry.example:5000/v2/} becomes {@code registry.example:5000}.
   */
  static String hostKey(String keyOrRegistry) {
    String s = keyOrRegistry.strip();
    int scheme = s.indexOf("://");
    if (scheme >= 0) {
      s = s.substring(scheme + 3);
    }
    int slash = s.indexOf('/');
    if (slash >= 0) {
      s = s.substring(0, slash);
    }
    s = s.toLowerCase(Locale.ROOT);
    return switch (s) {
      case "docker.io", "registry-1.docker.io", "index.docker.io" -> "index.docker.io";
      default -> s;
    };
  }

  static JsonNode parse(Path file, byte[] bytes) {
    try {
      JsonNode root = JSON.readTree(bytes);
      if (root == null || root.isMissingNode()) {
        return JSON.createObjectNode();
      }
      if (!root.isObject()) {
        throw new CredentialException("the docker config " + file + " is not a JSON object");
      }
      return root;
    } catch (JsonProcessingException e) {
      // Jackson's own message quotes the input, which may be a credential: give the position only.
      long line = e.getLocation() == null ? -1 : e.getLocation().getLineNr();
      throw new CredentialException("the docker config " + file + " is not valid JSON"
          + (line > 0 ? " (line " + line + ")" : "") + "; fix or remove it");
    } catch (IOException e) {
      throw new CredentialException("could not read the docker config " + file, e);
    }
  }

  @Override
  public String toString() {
    return "DockerConfig[" + file + "]";
  }
}
