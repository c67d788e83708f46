package dev.stowage.dockerfile.ast;

import dev.stowage.dockerfile.syntax.SourceRange;
import java.util.Objects;
import java.util.Optional;

/**
 * One name of an ARG instruction: {@code NAME} or {@code NAME=default}. The default stays unexpanded; the name is
 * taken literally.
 */
public record ArgDecl(String name, Optional<Word> defaultValue, SourceRange range) {
  public ArgDecl {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(defaultValue, "defaultValue");
    Objects.requireNonNull(range, "range");
  }

  public boolean hasDefault() {
    return defaultValue.isPresent();
  }
}
