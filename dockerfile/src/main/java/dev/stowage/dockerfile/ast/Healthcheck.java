package dev.stowage.dockerfile.ast;

import java.util.Objects;
import java.util.Optional;

/**
 * {@code HEALTHCHECK NONE} (command empty) or {@code HEALTHCHECK [--interval=...]... CMD command}. In shell form
 * the image config records {@code CMD-SHELL}.
 */
public record Healthcheck(Origin origin, Optional<CommandForm> command, HealthcheckOptions options)
    implements Instruction {
  public Healthcheck {
    Objects.requireNonNull(origin, "origin");
    Objects.requireNonNull(command, "command");
    Objects.requireNonNull(options, "options");
  }

  /** True for {@code HEALTHCHECK NONE}, which disables any inherited check. */
  public boolean disabled() {
    return command.isEmpty();
  }

  @Override
  public Keyword keyword() {
    return Keyword.HEALTHCHECK;
  }
}
