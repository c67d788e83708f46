package dev.stowage.dockerfile.parse;

import dev.stowage.dockerfile.syntax.SourceRange;
import java.util.Optional;

/** A syntax problem found while parsing; {@link DockerfileParser} turns it into a DockerfileSyntaxException. */
final class ParseProblem extends RuntimeException {
  private final transient SourceRange range;
  private final String hint;

  ParseProblem(String message, SourceRange range) {
    this(message, range, null);
  }

  ParseProblem(String message, SourceRange range, String hint) {
    super(message, null, false, false);
    this.range = range;
    this.hint = hint;
  }

  SourceRange range() {
    return range;
  }

  Optional<String> hint() {
    return Optional.ofNullable(hint);
  }
}
