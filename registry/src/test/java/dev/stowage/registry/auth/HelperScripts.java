package dev.stowage.registry.auth;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;

/** Writes small docker-credential-* shell scripts and a runner whose PATH finds them first. */
final class HelperScripts {
  private HelperScripts() {}

  /**
   * A helper that answers {@code get} for {@code server} with {@code user}/{@code secret} (anything else: "not
   * found", exit 1), saves {@code store} input to {@code stored.json} and {@code erase} input to {@code erased},
   * all in {@code dir}.
   */
  static Path write(Path dir, String name, String server, String user, String secret) throws IOException {
    String script = """
        #!/bin/sh
        dir="$(dirname "$0")"
        case "$1" in
          get)
            read -r server
            echo "$server" >> "$dir/asked"
            if [ "$server" = "%s" ]; then
              printf '{"ServerURL":"%%s","Username":"%s","Secret":"%s"}' "$server"
            else
              echo "credentials not found in native keychain"
              exit 1
            fi ;;
          store) cat > "$dir/stored.json" ;;
          erase) read -r server; echo "$server" > "$dir/erased" ;;
          *) echo "unknown verb $1" >&2; exit 2 ;;
        esac
        """.formatted(server, user, secret);
    return writeScript(dir, name, script);
  }

  static Path writeScript(Path dir, String name, String script) throws IOException {
    Path file = dir.resolve("docker-credential-" + name);
    Files.writeString(file, script, StandardCharsets.UTF_8);
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwx------"));
    return file;
  }

  /** A runner that looks in {@code dir} first, then in this process's PATH (for sh, cat, dirname). */
  static ProcessCommandRunner runnerWith(Path dir) {
    List<Path> path = new ArrayList<>();
    path.add(dir);
    path.addAll(ProcessCommandRunner.fromEnvironment().searchPath());
    return new ProcessCommandRunner(path);
  }
}
