package dev.stowage.runtime.overlay;

/** A snapshot could not be unpacked, mounted or committed; the message names the layer and what failed. */
public final class SnapshotException extends RuntimeException {
  public SnapshotException(String message) {
    super(message);
  }

  public SnapshotException(String message, Throwable cause) {
    super(message, cause);
  }
}
