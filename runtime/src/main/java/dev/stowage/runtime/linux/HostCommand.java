package dev.stowage.runtime.linux;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A host program to run (mount, umount, mknod, runc), with no secret in any argument: secrets reach containers
 * only through files on tmpfs.
 *
 * @param argv the program and its arguments
 * @param workingDir the directory to run in (overlay mounts use it to keep {@code lowerdir=} paths short)
 * @param timeout how long to wait before the program is killed
 */
public record HostCommand(List<String> argv, Optional<Path> workingDir, Duration timeout) {
  public static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(2);

  public HostCommand {
    argv = List.copyOf(argv);
    if (argv.isEmpty()) {
      throw new IllegalArgumentException("empty command");
    }
    Objects.requireNonNull(workingDir, "workingDir");
    Objects.requireNonNull(timeout, "timeout");
  }

  public static HostCommand of(String... argv) {
    return new HostCommand(List.of(argv), Optional.empty(), DEFAULT_TIMEOUT);
  }

  public static HostCommand of(List<String> argv) {
    return new HostCommand(argv, Optional.empty(), DEFAULT_TIMEOUT);
  }

  public HostCommand in(Path dir) {
    return new HostCommand(argv, Optional.of(dir), timeout);
  }

  /** The command as a user would type it, for messages. */
  public String display() {
    return String.join(" ", argv);
  }
}
