package dev.stowage.secrets;

/**
 * A problem with the secrets the user provided. Messages name secret ids, files and variable names, never a
 * secret's bytes.
 */
public abstract sealed class SecretException extends RuntimeException
    permits SecretSpecException, SecretSourceException {
  SecretException(String message) {
    super(message);
  }

  SecretException(String message, Throwable cause) {
    super(message, cause);
  }
}
