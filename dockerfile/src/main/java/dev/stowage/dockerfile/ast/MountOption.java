package dev.stowage.dockerfile.ast;

import dev.stowage.dockerfile.syntax.SourceRange;
import java.util.Objects;
import java.util.Optional;

/** One CSV field of a {@code --mount} value exactly as written: {@code key=value} or a bare {@code key}. */
public record MountOption(String key, Optional<String> value, SourceRange range) {
  public MountOption {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(value, "value");
    Objects.requireNonNull(range, "range");
  }

  public String text() {
    return key + value.map(v -> "=" + v).orElse("");
  }
}
