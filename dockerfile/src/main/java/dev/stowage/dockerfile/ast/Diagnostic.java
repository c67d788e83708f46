package dev.stowage.dockerfile.ast;

import dev.stowage.dockerfile.syntax.SourceRange;
import java.util.Objects;

/**
 * A non-fatal finding of the parser (or of a later semantic pass).
 *
 * @param code a stable identifier, BuildKit's rule name where one exists (e.g. {@code NoEmptyContinuation})
 * @param message one line a user can act on
 * @param range where it applies
 */
public record Diagnostic(String code, String message, SourceRange range) {
  public Diagnostic {
    Objects.requireNonNull(code, "code");
    Objects.requireNonNull(message, "message");
    Objects.requireNonNull(range, "range");
  }

  @Override
  public String toString() {
    return range.start() + ": " + message + " [" + code + "]";
  }
}
