package dev.stowage.oci;

/** Image data read from outside (JSON, a digest string, an archive) is malformed. */
public class OciFormatException extends OciException {
  public OciFormatException(String message) {
    super(message);
  }

  public OciFormatException(String message, Throwable cause) {
    super(message, cause);
  }
}
