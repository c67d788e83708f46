package dev.stowage.secrets.tmpfs;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Liveness of the process that owns a leftover (a tmpfs directory, a container, a snapshot), across PID
 * namespaces. A build runs as PID 1 of its own PID namespace, so a pid and start time read from another
 * namespace's {@code /proc} say nothing. Instead each process holds an exclusive {@code flock} on a file named by
 * its owner key for as long as it lives; the kernel drops the lock when the process dies, even on
 * {@code kill -9}. A leftover is stale when its owner's lock file can be locked.
 */
public final class OwnerLocks {
  private static final Path DIR = locksDir();
  private static final Map<String, FileLock> HELD = new ConcurrentHashMap<>();

  private OwnerLocks() {}

  /** Marks this process as the live owner of {@code key} until it exits. Idempotent. */
  public static void hold(String key) {
    HELD.computeIfAbsent(key, k -> {
      try {
        Files.createDirectories(DIR);
        FileChannel channel = FileChannel.open(DIR.resolve(fileName(k)), StandardOpenOption.CREATE,
            StandardOpenOption.WRITE);
        FileLock lock = channel.tryLock();
        if (lock == null) {
          channel.close(); // another live process with the same key holds it: its lock speaks for both
        }
        return lock; // never released: the kernel releases it when this process ends
      } catch (IOException e) {
        return null; // no lock directory: liveness falls back to /proc
      }
    });
  }

  /**
   * Whether the owner of {@code key} is alive, when its lock file says so: present and locked (alive), present
   * and lockable (dead; the file is removed). Empty when there is no lock file (an owner that never took one).
   */
  public static Optional<Boolean> isAlive(String key) {
    if (HELD.containsKey(key)) {
      return Optional.of(true);
    }
    Path file = DIR.resolve(fileName(key));
    if (!Files.exists(file)) {
      return Optional.empty();
    }
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
      FileLock lock = channel.tryLock();
      if (lock == null) {
        return Optional.of(true);
      }
      Files.deleteIfExists(file);
      lock.release();
      return Optional.of(false);
    } catch (OverlappingFileLockException e) {
      return Optional.of(true);
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  private static String fileName(String key) {
    return key.replaceAll("[^A-Za-z0-9._-]", "_") + ".lock";
  }

  private static Path locksDir() {
    Path run = Path.of("/run");
    if (Files.isDirectory(run) && Files.isWritable(run)) {
      return run.resolve("stowage").resolve("owners");
    }
    return Path.of(System.getProperty("java.io.tmpdir"), "stowage-owners-" + System.getProperty("user.name"));
  }
}
