package dev.stowage.registry.auth;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Runs an external program (a docker credential helper) by name. An interface so that tests can choose where
 * programs are looked up without touching the JVM's environment.
 */
public interface CommandRunner {
  /** Where the program called {@code name} is, if it can be found. */
  Optional<Path> find(String name);

  /**
   * Runs {@code program} with {@code args}, writes {@code stdin} to it and waits at most {@code timeout}.
   *
   * @throws IOException when the program cannot be started or does not finish in time
   */
  Result run(Path program, List<String> args, byte[] stdin, Duration timeout) throws IOException;

  /** What a program did. Its output may hold a credential, so {@link #toString()} shows only the sizes. */
  record Result(int exitCode, byte[] stdout, byte[] stderr) {
    @Override
    public String toString() {
      return "Result[exit " + exitCode + ", " + stdout.length + " bytes out, " + stderr.length + " bytes err]";
    }
  }
}
