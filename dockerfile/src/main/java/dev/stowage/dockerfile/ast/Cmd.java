package dev.stowage.dockerfile.ast;

import java.util.Objects;

/** {@code CMD ["exec","form"]} or {@code CMD shell form}; never expanded by the builder. */
public record Cmd(Origin origin, CommandForm command) implements Instruction {
  public Cmd {
    Objects.requireNonNull(origin, "origin");
    Objects.requireNonNull(command, "command");
  }

  @Override
  public Keyword keyword() {
    return Keyword.CMD;
  }
}
