package dev.stowage.dockerfile.ast;

import java.util.Objects;

/** {@code ONBUILD <instruction>}: the trigger is parsed (not FROM, MAINTAINER or ONBUILD) and runs in a child build. */
public record Onbuild(Origin origin, Instruction trigger) implements Instruction {
  public Onbuild {
    Objects.requireNonNull(origin, "origin");
    Objects.requireNonNull(trigger, "trigger");
  }

  @Override
  public Keyword keyword() {
    return Keyword.ONBUILD;
  }
}
