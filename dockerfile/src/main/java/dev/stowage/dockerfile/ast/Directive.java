package dev.stowage.dockerfile.ast;

import dev.stowage.dockerfile.syntax.SourceRange;
import java.util.Objects;

/** One parser directive line such as {@code # escape=`}; {@code name} is lower-cased. */
public record Directive(String name, String value, SourceRange range) {
  public Directive {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(value, "value");
    Objects.requireNonNull(range, "range");
  }
}
