package dev.stowage.secrets.tmpfs;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The kernel's shared-memory tmpfs, where these tests make their volatile directories. */
final class ShmSupport {
  static final Path SHM = Path.of("/dev/shm");

  private ShmSupport() {}

  static void assumeShmIsTmpfs() {
    assumeTrue(Files.isDirectory(SHM) && isTmpfs(SHM), "/dev/shm is not a tmpfs on this host");
  }

  static void assumeRoot() {
    assumeTrue(VolatileFiles.currentUid() == 0, "needs root");
  }

  static boolean isTmpfs(Path path) {
    try {
      return Files.getFileStore(path).type().equals("tmpfs");
    } catch (IOException e) {
      return false;
    }
  }

  /** The repository's own directory: on a disk file system on every machine we run on. */
  static Path diskDirectory() {
    return Path.of("").toAbsolutePath();
  }
}
