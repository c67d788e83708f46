package dev.stowage.dockerfile.ast;

import java.util.List;
import java.util.Objects;

/** {@code ARG a b=1 ...}: one or more declarations. */
public record Arg(Origin origin, List<ArgDecl> args) implements Instruction {
  public Arg {
    Objects.requireNonNull(origin, "origin");
    args = List.copyOf(args);
  }

  @Override
  public Keyword keyword() {
    return Keyword.ARG;
  }
}
