package dev.stowage.cli.build;

import dev.stowage.cli.common.CliException;
import dev.stowage.secrets.tmpfs.VolatileDir;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The SSH agents of {@code --ssh}, as docker build takes them: {@code default} (the agent of $SSH_AUTH_SOCK),
 * {@code ID=SOCKET} (another agent), or {@code ID=KEYFILE[,KEYFILE]} (a private agent Stowage starts with
 * OpenSSH's {@code ssh-agent}, its socket on tmpfs, holding those keys for this build only). RUN steps reach
 * them through {@code --mount=type=ssh}; keys never enter a layer.
 */
final class SshAgents implements AutoCloseable {
  private static final Duration START_WAIT = Duration.ofSeconds(10);

  private final Map<String, Path> sockets = new LinkedHashMap<>();
  private final List<Process> agents = new ArrayList<>();

  private SshAgents() {}

  static SshAgents open(List<String> specs, Supplier<VolatileDir> volatileDirs) {
    SshAgents agents = new SshAgents();
    try {
      for (String spec : specs) {
        int eq = spec.indexOf('=');
        String id = eq < 0 ? spec : spec.substring(0, eq);
        if (id.isEmpty()) {
          throw CliException.usage("--ssh needs an id: --ssh default or --ssh ID=SOCKET|KEYFILE");
        }
        List<Path> paths = new ArrayList<>();
        if (eq >= 0) {
          for (String p : spec.substring(eq + 1).split(",")) {
            if (!p.isBlank()) {
              paths.add(Path.of(p));
            }
          }
        }
        if (paths.isEmpty()) {
          String sock = System.getenv("SSH_AUTH_SOCK");
          if (sock == null || sock.isBlank()) {
            throw CliException.usage("--ssh " + id + ": SSH_AUTH_SOCK is not set; give a socket or key file: --ssh "
                + id + "=~/.ssh/id_ed25519");
          }
          paths.add(Path.of(sock));
        }
        agents.sockets.put(id, paths.size() == 1 && isSocket(paths.get(0)) ? paths.get(0)
            : agents.startAgent(id, paths, volatileDirs.get()));
      }
      return agents;
    } catch (RuntimeException e) {
      agents.close();
      throw e;
    }
  }

  Optional<Path> socket(String id) {
    return Optional.ofNullable(sockets.get(id));
  }

  private Path startAgent(String id, List<Path> keys, VolatileDir dir) {
    for (Path key : keys) {
      if (!Files.isRegularFile(key)) {
        throw CliException.usage("--ssh " + id + ": " + key + " is neither an agent socket nor a key file");
      }
    }
    Path socket = dir.path().resolve("agent.sock");
    try {
      Process agent = new ProcessBuilder("ssh-agent", "-D", "-a", socket.toString())
          .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
      agents.add(agent);
      long deadline = System.nanoTime() + START_WAIT.toNanos();
      while (!Files.exists(socket) && agent.isAlive() && System.nanoTime() < deadline) {
        Thread.sleep(20);
      }
      if (!Files.exists(socket)) {
        throw new CliException(1, "--ssh " + id + ": ssh-agent did not start (Debian package openssh-client)");
      }
      List<String> add = new ArrayList<>(List.of("ssh-add", "-q"));
      keys.forEach(k -> add.add(k.toString()));
      ProcessBuilder adder = new ProcessBuilder(add).redirectErrorStream(true)
          .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
      adder.environment().put("SSH_AUTH_SOCK", socket.toString());
      adder.environment().remove("DISPLAY");
      adder.environment().remove("SSH_ASKPASS");
      Process p = adder.start();
      String output = new String(p.getInputStream().readAllBytes()).strip();
      if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
        throw new CliException(2, "--ssh " + id + ": ssh-add could not load " + keys + (output.isEmpty() ? ""
            : ": " + output.lines().findFirst().orElse("")) + " (keys with a passphrase need a running agent:"
            + " --ssh " + id + "=$SSH_AUTH_SOCK)");
      }
      return socket;
    } catch (IOException e) {
      throw new CliException(1, "--ssh " + id + ": cannot run ssh-agent (Debian package openssh-client): "
          + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CliException(130, "interrupted while starting ssh-agent");
    }
  }

  private static boolean isSocket(Path path) {
    try {
      BasicFileAttributes attrs = Files.readAttributes(path, BasicFileAttributes.class);
      return attrs.isOther();
    } catch (IOException e) {
      return false;
    }
  }

  @Override
  public void close() {
    for (Process agent : agents) {
      agent.destroy();
    }
  }
}
