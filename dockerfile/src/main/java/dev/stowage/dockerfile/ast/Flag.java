package dev.stowage.dockerfile.ast;

import dev.stowage.dockerfile.syntax.SourceRange;
import java.util.Objects;
import java.util.Optional;

/**
 * A {@code --name[=value]} flag as written before the arguments of an instruction. The value has had its quotes
 * removed, as BuildKit does when it splits flags; it is otherwise unexpanded.
 */
public record Flag(String name, Optional<String> value, SourceRange range) {
  public Flag {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(value, "value");
    Objects.requireNonNull(range, "range");
  }

  /** The flag as BuildKit would print it back: {@code --name} or {@code --name=value}. */
  public String text() {
    return "--" + name + value.map(v -> "=" + v).orElse("");
  }

  @Override
  public String toString() {
    return text();
  }
}
