package dev.stowage.dockerfile.expand;

/**
 * A word could not be expanded: bad {@code ${...}} syntax, an unterminated quote, or {@code ${X:?message}} on an
 * unset variable. The message has BuildKit's form: {@code failed to process "<word>": <reason>}, the word quoted
 * as Go's {@code %q} does.
 */
public final class ExpansionException extends RuntimeException {
  private final String word;
  private final String reason;

  public ExpansionException(String word, String reason) {
    super("failed to process " + quote(word) + ": " + reason);
    this.word = word;
    this.reason = reason;
  }

  private static String quote(String s) {
    StringBuilder b = new StringBuilder("\"");
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> b.append("\\\"");
        case '\\' -> b.append("\\\\");
        case '\n' -> b.append("\\n");
        case '\t' -> b.append("\\t");
        case '\r' -> b.append("\\r");
        default -> {
          if (c < 0x20) {
            b.append(String.format("\\x%02x", (int) c));
          } else {
            b.append(c);
          }
        }
      }
    }
    return b.append('"').toString();
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
