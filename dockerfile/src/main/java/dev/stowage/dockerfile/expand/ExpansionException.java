package dev.stowage.dockerfile.expand;

/**
 * A word could not be expanded: bad {@code ${...}} syntax, an unterminated quote, or {@code ${X:?message}} on an
 * unset variable. The message has BuildKit's form: {@code failed to process "<word>": <reason>}.
 */
public final class ExpansionException extends RuntimeException {
  private final String word;
  private final String reason;

  public ExpansionException(String word, String reason) {
    super("failed to process \"" + word + "\": " + reason);
    this.word = word;
    this.reason = reason;
  }

  /** The word as written. */
  public String word() {
    return word;
  }

  /** Why it failed, e.g. {@code TOKEN: must be set}. */
  public String reason() {
    return reason;
  }
}
