package dev.stowage.secrets.tmpfs;

import java.time.Instant;
import java.util.Optional;

/**
 * Which process made a volatile directory or mount: its pid and start time, written into the name when the
 * directory is created (so there is no window in which it exists unlabelled). The start time tells a process
 * that is still running from a later one that got the same pid.
 */
record OwnerTag(long pid, long startMillis) {
  /** A pid reused within a second of the original's start is not a case worth a false "stale". */
  private static final long START_TOLERANCE_MILLIS = 1000;

  static OwnerTag current() {
    ProcessHandle self = ProcessHandle.current();
    OwnerTag tag = new OwnerTag(self.pid(), self.info().startInstant().map(Instant::toEpochMilli).orElse(0L));
    OwnerLocks.hold("volatile-" + tag.encode()); // before any name with this tag exists
    return tag;
  }

  /** {@code <pid>-<startMillis>}. */
  String encode() {
    return pid + "-" + startMillis;
  }

  /** Reads the tag at the start of {@code text} ({@code <pid>-<startMillis>-<anything>}). */
  static Optional<OwnerTag> parse(String text) {
    String[] parts = text.split("-", 3);
    if (parts.length < 3) {
      return Optional.empty();
    }
    try {
      long pid = Long.parseLong(parts[0]);
      long start = Long.parseLong(parts[1]);
      return pid > 0 && start >= 0 ? Optional.of(new OwnerTag(pid, start)) : Optional.empty();
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }

  /** Whether the process that made the directory is still running. Unsure counts as running. */
  boolean isAlive() {
    // An owner in another PID namespace is judged by its lock, not by this namespace's /proc.
    Optional<Boolean> locked = OwnerLocks.isAlive("volatile-" + encode());
    if (locked.isPresent()) {
      return locked.get();
    }
    Optional<ProcessHandle> handle = ProcessHandle.of(pid);
    if (handle.isEmpty() || !handle.get().isAlive()) {
      return false;
    }
    if (startMillis == 0) {
      return true;
    }
    Optional<Instant> started = handle.get().info().startInstant();
    return started.isEmpty() || Math.abs(started.get().toEpochMilli() - startMillis) <= START_TOLERANCE_MILLIS;
  }
}
