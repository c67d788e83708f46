package dev.stowage.engine.copy;

/**
 * A COPY or ADD that cannot be carried out: a missing source, a destination that is not a directory, a malformed
 * pattern or archive, an unknown user. The message names the path as the Dockerfile sees it (relative to the build
 * context or the image root), never a host path when it can be helped.
 */
public class CopyException extends RuntimeException {
  public CopyException(String message) {
    super(message);
  }

  public CopyException(String message, Throwable cause) {
    super(message, cause);
  }
}
