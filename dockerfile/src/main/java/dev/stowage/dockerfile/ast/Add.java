package dev.stowage.dockerfile.ast;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * {@code ADD [--chown=] [--chmod=] [--link] [--exclude=]... [--checksum=] [--keep-git-dir] [--unpack] src...
 * dest}. Sources may be local paths, URLs or git references.
 *
 * @param unpack empty when {@code --unpack} was not written (then local archives are unpacked, URLs are not)
 */
public record Add(Origin origin, List<Word> sources, Word destination, Optional<Word> chown, Optional<Word> chmod,
    boolean link, List<Word> excludes, Optional<Word> checksum, boolean keepGitDir, Optional<Boolean> unpack,
    List<Heredoc> heredocs, boolean execForm) implements Instruction, FileTransfer {
  public Add {
    Objects.requireNonNull(origin, "origin");
    sources = List.copyOf(sources);
    Objects.requireNonNull(destination, "destination");
    Objects.requireNonNull(chown, "chown");
    Objects.requireNonNull(chmod, "chmod");
    excludes = List.copyOf(excludes);
    Objects.requireNonNull(checksum, "checksum");
    Objects.requireNonNull(unpack, "unpack");
    heredocs = List.copyOf(heredocs);
  }

  @Override
  public Keyword keyword() {
    return Keyword.ADD;
  }
}
