package dev.stowage.dockerfile.lint;

/** A {@code # check=} directive or {@code --check} value that cannot be understood. */
public final class LintConfigException extends RuntimeException {
  public LintConfigException(String message) {
    super(message);
  }
}
