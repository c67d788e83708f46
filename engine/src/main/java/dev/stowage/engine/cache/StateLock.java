package dev.stowage.engine.cache;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;

/**
 * Keeps {@code prune} from removing blobs, entries or snapshots under a running build: every build holds a shared
 * lock on {@code cache/.lock} while it runs, {@code prune} takes it exclusively or refuses. Between processes only
 * (a second build in the same JVM goes ahead: the first one's lock already keeps other processes' prune out).
 */
public final class StateLock implements AutoCloseable {
  private final FileChannel channel;
  private final FileLock lock;

  private StateLock(FileChannel channel, FileLock lock) {
    this.channel = channel;
    this.lock = lock;
  }

  /** The shared lock a build holds; waits while a prune runs. */
  public static StateLock forBuild(Path cacheDir) {
    FileChannel channel = open(cacheDir);
    try {
      return new StateLock(channel, channel.lock(0, Long.MAX_VALUE, true));
    } catch (OverlappingFileLockException sameJvm) {
      return new StateLock(channel, null);
    } catch (IOException e) {
      closeQuietly(channel);
      throw new UncheckedIOException("cannot lock " + cacheDir.resolve(".lock") + ": " + e.getMessage(), e);
    }
  }

  /** The exclusive lock a prune needs, or empty when a build holds the state directory. */
  public static Optional<StateLock> forPrune(Path cacheDir) {
    FileChannel channel = open(cacheDir);
    try {
      FileLock lock = channel.tryLock(0, Long.MAX_VALUE, false);
      if (lock == null) {
        closeQuietly(channel);
        return Optional.empty();
      }
      return Optional.of(new StateLock(channel, lock));
    } catch (OverlappingFileLockException sameJvm) {
      closeQuietly(channel);
      return Optional.empty();
    } catch (IOException e) {
      closeQuietly(channel);
      throw new UncheckedIOException("cannot lock " + cacheDir.resolve(".lock") + ": " + e.getMessage(), e);
    }
  }

  private static FileChannel open(Path cacheDir) {
    try {
      Files.createDirectories(cacheDir);
      return FileChannel.open(cacheDir.resolve(".lock"), StandardOpenOption.CREATE, StandardOpenOption.READ,
          StandardOpenOption.WRITE); // a shared lock needs a readable channel
    } catch (IOException e) {
      throw new UncheckedIOException("cannot open " + cacheDir.resolve(".lock") + ": " + e.getMessage(), e);
    }
  }

  private static void closeQuietly(FileChannel channel) {
    try {
      channel.close();
    } catch (IOException ignored) {
      // nothing held
    }
  }

  @Override
  public void close() {
    try {
      if (lock != null) {
        lock.release();
      }
    } catch (IOException ignored) {
      // closing the channel releases it too
    } finally {
      closeQuietly(channel);
    }
  }
}
