package dev.stowage.dockerfile.ast;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * {@code COPY [--from=] [--chown=] [--chmod=] [--link] [--parents] [--exclude=]... src... dest}. Flag values and
 * paths are unexpanded.
 */
public record Copy(Origin origin, List<Word> sources, Word destination, Optional<Word> from, Optional<Word> chown,
    Optional<Word> chmod, boolean link, boolean parents, List<Word> excludes, List<Heredoc> heredocs,
    boolean execForm) implements Instruction, FileTransfer {
  public Copy {
    Objects.requireNonNull(origin, "origin");
    sources = List.copyOf(sources);
    Objects.requireNonNull(destination, "destination");
    Objects.requireNonNull(from, "from");
    Objects.requireNonNull(chown, "chown");
    Objects.requireNonNull(chmod, "chmod");
    excludes = List.copyOf(excludes);
    heredocs = List.copyOf(heredocs);
  }

  @Override
  public Keyword keyword() {
    return Keyword.COPY;
  }
}
