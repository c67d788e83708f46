package dev.stowage.cli.cache;

import dev.stowage.engine.cache.StateLock;
import java.nio.file.Path;

/** Run in a child JVM by {@link PruneCommandTest}: holds a build's lock on a state directory until killed. */
public final class HoldBuildLock {
  private HoldBuildLock() {}

  @SuppressWarnings("try")
  public static void main(String[] args) throws Exception {
    try (StateLock lock = StateLock.forBuild(Path.of(args[0]))) {
      System.out.println("locked");
      System.out.flush();
      Thread.sleep(120_000);
    }
  }
}
