package dev.stowage.dockerfile.ast;

import dev.stowage.dockerfile.syntax.SourceRange;
import java.util.Objects;

/**
 * One argument as written, before expansion: quotes, escapes and {@code $VAR} references are still in
 * {@code raw}. In an exec (JSON) form, {@code raw} is the decoded JSON string, which is never expanded.
 */
public record Word(String raw, SourceRange range) {
  public Word {
    Objects.requireNonNull(raw, "raw");
    Objects.requireNonNull(range, "range");
  }

  /** True when the word mentions a variable ({@code $}) and so depends on expansion. */
  public boolean mayExpand() {
    return raw.indexOf('$') >= 0;
  }

  @Override
  public String toString() {
    return raw;
  }
}
