package dev.stowage.secrets.tmpfs;

/**
 * Secrets cannot be given a place that lives only in memory, or that place cannot be cleaned up: a parent
 * that is not tmpfs, a failed mount, a file that will not go away. Messages name paths and secret ids only.
 */
public final class VolatileStorageException extends RuntimeException {
  public VolatileStorageException(String message) {
    super(message);
  }

  public VolatileStorageException(String message, Throwable cause) {
    super(message, cause);
  }
}
