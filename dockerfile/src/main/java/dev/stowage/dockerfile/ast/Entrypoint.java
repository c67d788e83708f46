package dev.stowage.dockerfile.ast;

import java.util.Objects;

/** {@code ENTRYPOINT ["exec","form"]} or shell form; never expanded by the builder. */
public record Entrypoint(Origin origin, CommandForm command) implements Instruction {
  public Entrypoint {
    Objects.requireNonNull(origin, "origin");
    Objects.requireNonNull(command, "command");
  }

  @Override
  public Keyword keyword() {
    return Keyword.ENTRYPOINT;
  }
}
