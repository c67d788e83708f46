package dev.stowage.dockerfile.ast;

import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/** What COPY and ADD share (both are also {@link Instruction}s): sources (paths and heredocs), a destination and the ownership/permission flags. */
public sealed interface FileTransfer permits Copy, Add {
  Origin origin();

  /** A source word that is a heredoc marker ({@code <<EOF}, {@code <<-"EOF"}, {@code 3<<EOF}). */
  Pattern HEREDOC_MARKER = Pattern.compile("^(\\d*)<<(-?)([^<]+)$");

  /** Every source as written, heredoc markers included, in order. */
  List<Word> sources();

  Word destination();

  Optional<Word> chown();

  Optional<Word> chmod();

  boolean link();

  /** {@code --exclude} patterns, in order. */
  List<Word> excludes();

  List<Heredoc> heredocs();

  /** True when the arguments were a JSON array. */
  boolean execForm();

  /** The sources that are paths (or URLs), that is, not heredoc markers. */
  default List<Word> sourcePaths() {
    if (execForm()) {
      return sources();
    }
    return sources().stream().filter(w -> !HEREDOC_MARKER.matcher(w.raw()).matches()).toList();
  }
}
