package dev.stowage.registry.auth;

/**
 * Credentials could not be read or stored: a broken config.json, a missing or failing credential helper. The
 * message names the file, the helper and the registry, never a credential.
 */
public final class CredentialException extends RuntimeException {
  public CredentialException(String message) {
    super(message);
  }

  public CredentialException(String message, Throwable cause) {
    super(message, cause);
  }
}
