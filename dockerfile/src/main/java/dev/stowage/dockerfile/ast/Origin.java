package dev.stowage.dockerfile.ast;

import dev.stowage.dockerfile.syntax.SourceRange;
import java.util.List;
import java.util.Objects;

/**
 * Where an instruction came from.
 *
 * @param range covers every physical line of the instruction, heredoc bodies included
 * @param original the logical line as BuildKit's parser sees it: continuation lines joined, comment lines inside
 *     the continuation dropped, surrounding white space trimmed (heredoc bodies are not part of it)
 * @param keyword the instruction keyword exactly as written (for casing rules), e.g. {@code "copy"}
 * @param flags the {@code --flags} in the order written
 * @param comments the comment lines directly above the instruction, without the {@code #}, in file order
 */
public record Origin(SourceRange range, String original, String keyword, List<Flag> flags, List<String> comments) {
  public Origin {
    Objects.requireNonNull(range, "range");
    Objects.requireNonNull(original, "original");
    Objects.requireNonNull(keyword, "keyword");
    flags = List.copyOf(flags);
    comments = List.copyOf(comments);
  }

  public int line() {
    return range.startLine();
  }
}
