package dev.stowage.dockerfile.ast;

import java.util.List;
import java.util.Objects;

/** {@code SHELL ["executable", "param"...]}: JSON form only; each raw value is the decoded string. */
public record Shell(Origin origin, List<Word> shell) implements Instruction {
  public Shell {
    Objects.requireNonNull(origin, "origin");
    shell = List.copyOf(shell);
  }

  public List<String> argv() {
    return shell.stream().map(Word::raw).toList();
  }

  @Override
  public Keyword keyword() {
    return Keyword.SHELL;
  }
}
