package dev.stowage.secrets;

/**
 * A provided secret that cannot be used: its file is missing or too large, its variable is unset, reading it
 * failed. The message names the secret id.
 */
public final class SecretSourceException extends SecretException {
  private final SecretId id;

  public SecretSourceException(SecretId id, String message) {
    super(message);
    this.id = id;
  }

  public SecretSourceException(SecretId id, String message, Throwable cause) {
    super(message, cause);
    this.id = id;
  }

  public SecretId id() {
    return id;
  }
}
