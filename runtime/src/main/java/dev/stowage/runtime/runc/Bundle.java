package dev.stowage.runtime.runc;

import dev.stowage.secrets.tmpfs.VolatileDir;
import java.nio.file.Path;

/**
 * An OCI runtime bundle inside a {@link VolatileDir} on tmpfs: {@code config.json} (which may hold secret
 * environment values), the hosts and resolver files bound into the container, and runc's log. Closing
 * overwrites and removes all of it.
 */
public final class Bundle implements AutoCloseable {
  static final String CONFIG = "config.json";
  static final String LOG = "runc.log";

  private final VolatileDir dir;

  Bundle(VolatileDir dir) {
    this.dir = dir;
  }

  public Path dir() {
    return dir.path();
  }

  public Path config() {
    return dir.path().resolve(CONFIG);
  }

  /** Where runc writes its own errors (JSON lines), apart from the container's output. */
  public Path log() {
    return dir.path().resolve(LOG);
  }

  @Override
  public void close() {
    dir.close();
  }
}
