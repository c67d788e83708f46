package dev.stowage.engine.solve;

/**
 * A build step failed: a RUN exited non-zero (BuildKit's words: {@code process "/bin/sh -c ..." did not complete
 * successfully: exit code: N}), or a COPY found nothing to copy. The message starts with the Dockerfile line.
 */
public final class StepFailedException extends RuntimeException {
  private final int line;

  public StepFailedException(String file, int line, String message, Throwable cause) {
    super(file + ":" + line + ": " + message, cause);
    this.line = line;
  }

  public int line() {
    return line;
  }
}
