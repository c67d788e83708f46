package dev.stowage.dockerfile.parse;

import dev.stowage.dockerfile.ast.Diagnostic;
import dev.stowage.dockerfile.ast.Dockerfile;
import java.util.List;
import java.util.Objects;

/** A parsed Dockerfile and the parser's warnings (the same list as {@link Dockerfile#warnings()}). */
public record ParseResult(Dockerfile dockerfile, List<Diagnostic> warnings) {
  public ParseResult {
    Objects.requireNonNull(dockerfile, "dockerfile");
    warnings = List.copyOf(warnings);
  }
}
