package dev.stowage.engine.guard;

/**
 * A secret value in use by the build (raw or encoded) turned up where it must never be: a layer, the image
 * config or the history. The message names the secret id, the encoding, the place and the Dockerfile line;
 * never the value.
 */
public final class LeakDetectedException extends RuntimeException {
  private final String secretId;
  private final String where;

  public LeakDetectedException(String secretId, String encoding, String where, String origin) {
    super("secret \"" + secretId + "\" (" + encoding + ") leaked into " + where + " (" + origin + "); nothing was"
        + " exported. Read secrets from the --mount=type=secret file or env var inside the RUN step that needs"
        + " them and do not write them to the image");
    this.secretId = secretId;
    this.where = where;
  }

  public String secretId() {
    return secretId;
  }

  public String where() {
    return where;
  }
}
