package dev.stowage.registry.testing;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A real registry server for interoperability tests: Debian's {@code docker-registry} (distribution 2.8) started
 * on 127.0.0.1 on a free port with a temporary storage directory, optionally with htpasswd authentication, and
 * stopped after the test class. Tests are skipped, with the package to install named, when the programs are
 * missing ({@code scripts/host-deps} installs them).
 */
public final class DockerRegistryServer implements BeforeAllCallback, AfterAllCallback {
  private static final List<Path> REGISTRY_BINARIES = List.of(Path.of("/usr/bin/docker-registry"),
      Path.of("/usr/local/bin/docker-registry"));
  private static final List<Path> HTPASSWD_BINARIES = List.of(Path.of("/usr/bin/htpasswd"), Path.of("/usr/sbin/htpasswd"));
  private static final int START_ATTEMPTS = 3;

  private final String user;
  private final String password;
  private Path dir;
  private Process process;
  private int port;

  private DockerRegistryServer(String user, String password) {
    this.user = user;
    this.password = password;
  }

  /** A registry without authentication. */
  public static DockerRegistryServer anonymous() {
    return new DockerRegistryServer(null, null);
  }

  /** A registry with htpasswd (Basic) authentication for one user. */
  public static DockerRegistryServer withHtpasswd(String user, String password) {
    return new DockerRegistryServer(user, password);
  }

  /** {@code 127.0.0.1:<port>}. */
  public String registry() {
    return "127.0.0.1:" + port;
  }

  @Override
  public void beforeAll(ExtensionContext context) throws Exception {
    Optional<Path> binary = REGISTRY_BINARIES.stream().filter(Files::isExecutable).findFirst();
    assumeTrue(binary.isPresent(), "docker-registry is not installed: install the Debian package docker-registry"
        + " (scripts/host-deps does) to run the interoperability tests");
    dir = Files.createTempDirectory("stowage-docker-registry-");
    String auth = "";
    if (user != null) {
      Optional<Path> htpasswd = HTPASSWD_BINARIES.stream().filter(Files::isExecutable).findFirst();
      assumeTrue(htpasswd.isPresent(), "htpasswd is not installed: install the Debian package apache2-utils"
          + " (scripts/host-deps does) to run the registry tests with authentication");
      Path file = dir.resolve("htpasswd");
      Files.writeString(file, run(List.of(htpasswd.get().toString(), "-Bbn", user, password)));
      auth = "auth:\n  htpasswd:\n    realm: stowage-test\n    path: " + file + "\n";
    }
    IOException last = null;
    for (int attempt = 1; attempt <= START_ATTEMPTS; attempt++) {
      try {
        start(binary.get(), auth);
        return;
      } catch (IOException e) {
        last = e; // most likely another process took the free port between our check and the server's bind
        stopProcess();
      }
    }
    throw last;
  }

  private void start(Path binary, String auth) throws IOException, InterruptedException {
    port = freePort();
    Path config = dir.resolve("config.yml");
    Files.writeString(config, """
        version: 0.1
        log:
          level: warn
          accesslog:
            disabled: true
        storage:
          filesystem:
            rootdirectory: %s
          delete:
            enabled: true
        http:
          addr: 127.0.0.1:%d
          secret: stowage-test-http-secret
        %s""".formatted(dir.resolve("storage"), port, auth));
    Path log = dir.resolve("registry.log");
    process = new ProcessBuilder(binary.toString(), "serve", config.toString())
        .redirectErrorStream(true)
        .redirectOutput(log.toFile())
        .start();
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    HttpRequest ping = HttpRequest.newBuilder(URI.create("http://" + registry() + "/v2/"))
        .version(HttpClient.Version.HTTP_1_1).timeout(Duration.ofSeconds(2)).build();
    for (int i = 0; i < 100; i++) {
      if (!process.isAlive()) {
        throw new IOException("docker-registry exited with " + process.exitValue() + ": " + Files.readString(log));
      }
      try {
        int status = http.send(ping, HttpResponse.BodyHandlers.discarding()).statusCode();
        if (status == 200 || status == 401) {
          return;
        }
      } catch (IOException notYet) {
        // not listening yet
      }
      Thread.sleep(100);
    }
    throw new IOException("docker-registry did not answer on " + registry() + " within 10 s: " + Files.readString(log));
  }

  @Override
  public void afterAll(ExtensionContext context) throws IOException {
    stopProcess();
    if (dir != null) {
      try (Stream<Path> files = Files.walk(dir)) {
        for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
          Files.deleteIfExists(p);
        }
      }
    }
  }

  private void stopProcess() {
    if (process == null) {
      return;
    }
    process.destroy();
    try {
      if (!process.waitFor(5, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
    process = null;
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      return socket.getLocalPort();
    }
  }

  private static String run(List<String> command) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    byte[] out = p.getInputStream().readAllBytes();
    if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
      throw new IOException(command.get(0) + " failed: " + new String(out, StandardCharsets.UTF_8));
    }
    return new String(out, StandardCharsets.UTF_8).strip() + "\n";
  }
}
