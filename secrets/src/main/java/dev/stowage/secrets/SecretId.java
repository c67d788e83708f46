package dev.stowage.secrets;

/**
 * The name of a build secret, as in {@code --secret id=<id>} and {@code RUN --mount=type=secret,id=<id>}.
 *
 * <p>BuildKit accepts any non-empty string (its store only refuses an empty id, and the Dockerfile frontend
 * defaults the id to the target's base name). We accept the same, minus control characters: ids appear in
 * error messages and logs, where a newline or an escape sequence would let an id forge output lines.
 */
public record SecretId(String value) implements Comparable<SecretId> {
  public SecretId {
    if (value == null || value.isEmpty()) {
      throw new IllegalArgumentException("a secret id must not be empty");
    }
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (Character.isISOControl(c)) {
        throw new IllegalArgumentException(
            "secret id contains the control character U+%04X at position %d; use printable characters only"
                .formatted((int) c, i + 1));
      }
    }
  }

  // equals/hashCode written out for start-up, as for Digest (docs/architecture.md, "Start-up")
  @Override
  public boolean equals(Object other) {
    return other instanceof SecretId id && value.equals(id.value);
  }

  @Override
  public int hashCode() {
    return value.hashCode();
  }

  public static SecretId of(String value) {
    return new SecretId(value);
  }

  @Override
  public int compareTo(SecretId other) {
    return value.compareTo(other.value);
  }

  /** The id itself, so messages can say {@code secret 'npmrc'}. An id is a name, never a value. */
  @Override
  public String toString() {
    return value;
  }
}
