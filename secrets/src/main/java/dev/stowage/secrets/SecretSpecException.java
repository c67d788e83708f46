package dev.stowage.secrets;

/** A {@code --secret} flag value that does not follow the BuildKit syntax. A usage error. */
public final class SecretSpecException extends SecretException {
  public SecretSpecException(String message) {
    super(message);
  }
}
