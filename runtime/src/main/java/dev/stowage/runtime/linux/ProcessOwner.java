package dev.stowage.runtime.linux;

import dev.stowage.secrets.tmpfs.OwnerLocks;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * A process identity that survives pid reuse: the pid plus its start time in clock ticks since boot (field 22 of
 * {@code /proc/<pid>/stat}). Names of mounts, directories and containers carry it as a tag, so a later process can
 * tell which ones a killed process left behind.
 */
public record ProcessOwner(long pid, long startTicks) {
  private static final Path PROC = Path.of("/proc");

  public ProcessOwner {
    if (pid <= 0 || startTicks < 0) {
      throw new IllegalArgumentException("invalid process identity " + pid + "/" + startTicks);
    }
  }

  /** This JVM. */
  public static ProcessOwner current() {
    long pid = ProcessHandle.current().pid();
    ProcessOwner owner = of(pid).orElseThrow(() -> new IllegalStateException("cannot read /proc/" + pid + "/stat"));
    OwnerLocks.hold("runtime-" + owner.tag()); // before any container or snapshot carries this tag
    return owner;
  }

  /** The running process with this pid, if any. */
  public static Optional<ProcessOwner> of(long pid) {
    try {
      return Optional.of(new ProcessOwner(pid, parseStartTicks(Files.readString(PROC.resolve(pid + "/stat")))));
    } catch (NoSuchFileException e) {
      return Optional.empty();
    } catch (IOException e) {
      return Optional.empty(); // the process went away while we read
    }
  }

  /** Whether this very process (not a later one with the same pid) is still running. */
  /**
   * Whether the process lives. Builds run as PID 1 of their own PID namespaces, where another build's pid and
   * start time mean nothing: the owner's lock decides when it took one ({@link OwnerLocks}).
   */
  public boolean isAlive() {
    Optional<Boolean> locked = OwnerLocks.isAlive("runtime-" + tag());
    if (locked.isPresent()) {
      return locked.get();
    }
    return of(pid).map(this::equals).orElse(false);
  }

  /** The tag form used in names: {@code <pid>.<startTicks>}. */
  public String tag() {
    return pid + "." + startTicks;
  }

  /** Parses a {@link #tag()}; empty for anything else. */
  public static Optional<ProcessOwner> parseTag(String tag) {
    Objects.requireNonNull(tag, "tag");
    int dot = tag.indexOf('.');
    if (dot <= 0 || dot == tag.length() - 1) {
      return Optional.empty();
    }
    try {
      return Optional.of(new ProcessOwner(Long.parseLong(tag.substring(0, dot)), Long.parseLong(tag.substring(dot + 1))));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  /** Field 22 of a stat line; the command name (field 2) may hold spaces and parentheses, so count from its end. */
  static long parseStartTicks(String stat) {
    int close = stat.lastIndexOf(')');
    if (close < 0) {
      throw new IllegalArgumentException("malformed /proc stat line");
    }
    String[] rest = stat.substring(close + 2).trim().split(" ");
    // rest[0] is field 3 (state), so field 22 is rest[19].
    return Long.parseLong(rest[19]);
  }
}
