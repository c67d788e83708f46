package dev.stowage.registry.auth;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * {@code login} and {@code logout} for docker's config.json, compatible with the docker CLI: through the
 * configured credential helper when there is one (config.json then only lists the server), otherwise as a
 * base64 {@code auth} entry. Every other field of the file is kept. The file is replaced atomically (a
 * temporary file in the same directory, mode 0600, then a rename), so a crash never leaves half a file and
 * the credentials are never readable by others, not even for an instant.
 */
public final class DockerConfigWriter {
  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private final Path file;
  private final CommandRunner runner;

  public DockerConfigWriter(Path file, CommandRunner runner) {
    this.file = file;
    this.runner = runner;
  }

  /** Stores {@code credential} for {@code registry}; returns where it went ("config.json" or the helper). */
  public String login(String registry, Credential credential) {
    ObjectNode root = read();
    String host = DockerConfig.hostKey(registry);
    String serverUrl = DockerConfig.serverUrl(registry);
    ObjectNode auths = removeEntries(root, host);
    var helper = new DockerConfig(file, root, runner).helperFor(host);
    String storedIn;
    ObjectNode entry = auths.putObject(serverUrl);
    if (helper.isPresent()) {
      DockerCredentialHelper program = new DockerCredentialHelper(helper.get(), runner);
      program.store(serverUrl, credential);
      storedIn = program.programName();
    } else if (credential.isIdentityToken()) {
      entry.put("identitytoken", credential.passwordText());
      storedIn = file.toString();
    } else {
      byte[] userPass = (credential.username() + ":" + credential.passwordText()).getBytes(StandardCharsets.UTF_8);
      entry.put("auth", Base64.getEncoder().encodeToString(userPass));
      Arrays.fill(userPass, (byte) 0);
      storedIn = file.toString();
    }
    write(root);
    return storedIn;
  }

  /** Removes the credentials of {@code registry}; false when there were none in the file. */
  public boolean logout(String registry) {
    ObjectNode root = read();
    String host = DockerConfig.hostKey(registry);
    var helper = new DockerConfig(file, root, runner).helperFor(host);
    int before = root.path("auths").size();
    removeEntries(root, host);
    boolean removed = root.path("auths").size() < before;
    if (helper.isPresent()) {
      new DockerCredentialHelper(helper.get(), runner).erase(DockerConfig.serverUrl(registry));
    }
    if (removed) {
      write(root);
    }
    return removed;
  }

  /** Removes every {@code auths} key that names {@code host}, however it is spelled; returns {@code auths}. */
  private static ObjectNode removeEntries(ObjectNode root, String host) {
    JsonNode existing = root.get("auths");
    ObjectNode auths = existing instanceof ObjectNode o ? o : root.putObject("auths");
    List<String> matching = new ArrayList<>();
    for (Map.Entry<String, JsonNode> e : auths.properties()) {
      if (DockerConfig.hostKey(e.getKey()).equals(host)) {
        matching.add(e.getKey());
      }
    }
    matching.forEach(auths::remove);
    return auths;
  }

  private ObjectNode read() {
    try {
      return (ObjectNode) DockerConfig.parse(file, Files.readAllBytes(file)).deepCopy();
    } catch (NoSuchFileException e) {
      return JSON.createObjectNode();
    } catch (IOException e) {
      throw new CredentialException("could not read the docker config " + file + ": " + e.getMessage(), e);
    }
  }

  private void write(ObjectNode root) {
    Path target = file;
    try {
      if (Files.isSymbolicLink(file)) {
        target = file.toRealPath(); // keep a linked config.json linked, as docker does
      }
      Path dir = target.toAbsolutePath().getParent();
      if (!Files.isDirectory(dir)) {
        Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
      }
      byte[] bytes = JSON.writeValueAsBytes(root);
      Path temp = Files.createTempFile(dir, ".config.json.", ".tmp",
          PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
      try {
        try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE)) {
          ByteBuffer buffer = ByteBuffer.wrap(bytes);
          while (buffer.hasRemaining()) {
            channel.write(buffer);
          }
          channel.force(true);
        } finally {
          Arrays.fill(bytes, (byte) 0);
        }
        Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } finally {
        Files.deleteIfExists(temp);
      }
    } catch (IOException e) {
      throw new CredentialException("could not write the docker config " + target + ": " + e.getMessage(), e);
    }
  }
}
