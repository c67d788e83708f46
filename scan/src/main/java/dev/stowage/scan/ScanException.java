package dev.stowage.scan;

/**
 * A scan could not be completed: the image cannot be found or read, or it is malformed or hostile (a wrong digest,
 * a truncated stream, a path that leaves the root, a decompression bomb). The message is one line a user can act
 * on and never holds a secret value.
 */
public class ScanException extends RuntimeException {
  public ScanException(String message) {
    super(message);
  }

  public ScanException(String message, Throwable cause) {
    super(message, cause);
  }
}
