package dev.stowage.dockerfile.ast;

import java.util.Objects;

/** {@code WORKDIR path}: the rest of the line is one word, unexpanded. */
public record Workdir(Origin origin, Word path) implements Instruction {
  public Workdir {
    Objects.requireNonNull(origin, "origin");
    Objects.requireNonNull(path, "path");
  }

  @Override
  public Keyword keyword() {
    return Keyword.WORKDIR;
  }
}
