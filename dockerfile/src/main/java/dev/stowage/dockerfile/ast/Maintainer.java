package dev.stowage.dockerfile.ast;

import java.util.Objects;

/** {@code MAINTAINER name} (deprecated): the rest of the line, never expanded. */
public record Maintainer(Origin origin, String name) implements Instruction {
  public Maintainer {
    Objects.requireNonNull(origin, "origin");
    Objects.requireNonNull(name, "name");
  }

  @Override
  public Keyword keyword() {
    return Keyword.MAINTAINER;
  }
}
