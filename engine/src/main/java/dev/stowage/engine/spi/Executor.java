package dev.stowage.engine.spi;

import java.io.IOException;
import java.io.OutputStream;

/** Runs one process in a mounted root filesystem (runc in the {@code runtime} module). */
public interface Executor {

  /**
   * Runs the process to completion and returns its exit code. Standard output and error are written to
   * {@code output} as they come (the caller redacts secret values). Mount targets that did not exist before the
   * run and are still empty afterwards are removed again (they must not land in the layer); their paths are
   * returned so the caller can also exclude them from the diff. An interrupt of the calling thread kills the
   * process and everything it started, then rethrows {@link InterruptedException}.
   */
  ExecResult run(ExecSpec spec, ActiveSnapshot rootfs, OutputStream output)
      throws IOException, InterruptedException;

  /** The exit code and the mount stubs the run created. */
  record ExecResult(int exitCode, java.util.Set<String> createdStubs) {
    public ExecResult {
      createdStubs = java.util.Set.copyOf(createdStubs);
    }
  }
}
