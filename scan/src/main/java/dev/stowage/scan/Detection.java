package dev.stowage.scan;

/** What found a secret, strongest evidence first. */
public enum Detection {
  /** A value the user handed over ({@code --secret}, {@code --known-values}), raw or encoded. */
  KNOWN_VALUE("value"),
  /** A credential format ({@code ghp_...}, a PEM private key) or a format made certain by its context. */
  PATTERN("pattern"),
  /** A credential file recognised by its name and confirmed by its content ({@code .netrc} with a password). */
  CREDENTIAL_FILE("file"),
  /** A secret-named variable or argument with a real value ({@code MYSQL_ROOT_PASSWORD=...}). */
  SECRET_NAME("name"),
  /** A keyword assignment with a random-looking value in a configuration file. */
  GENERIC("generic"),
  /** An empty file left where a secret was mounted. */
  MOUNT_STUB("stub");

  private final String label;

  Detection(String label) {
    this.label = label;
  }

  /** The short name used in reports. */
  public String label() {
    return label;
  }
}
