package dev.stowage.dockerfile.ast;

import dev.stowage.dockerfile.syntax.SourceRange;
import java.util.List;
import java.util.Objects;

/**
 * A JSON array of strings. Each {@link Word#raw()} is the decoded JSON string; exec-form arguments are never
 * expanded.
 */
public record ExecForm(List<Word> args, SourceRange range) implements CommandForm {
  public ExecForm {
    args = List.copyOf(args);
    Objects.requireNonNull(range, "range");
  }

  public List<String> argv() {
    return args.stream().map(Word::raw).toList();
  }
}
