package dev.stowage.oci;

/**
 * The base of every exception this module throws on purpose. Messages are one line a user can act on: what was
 * being done, why it failed and, where there is one, the file or entry involved.
 */
public class OciException extends RuntimeException {
  public OciException(String message) {
    super(message);
  }

  public OciException(String message, Throwable cause) {
    super(message, cause);
  }
}
