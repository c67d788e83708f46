package dev.stowage.dockerfile.ast;

import dev.stowage.dockerfile.syntax.SourceRange;
import java.util.Objects;

/**
 * A command line handed to the stage's SHELL as one string, exactly as written after the flags (continuations
 * joined, comment lines dropped). It is not expanded by the builder: the shell does that.
 */
public record ShellForm(String script, SourceRange range) implements CommandForm {
  public ShellForm {
    Objects.requireNonNull(script, "script");
    Objects.requireNonNull(range, "range");
  }
}
