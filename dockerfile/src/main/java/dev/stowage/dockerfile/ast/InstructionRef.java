package dev.stowage.dockerfile.ast;

import java.util.Objects;
import java.util.Optional;

/** An instruction together with the stage it belongs to (empty for global ARGs before the first FROM). */
public record InstructionRef(Instruction instruction, Optional<Stage> stage) {
  public InstructionRef {
    Objects.requireNonNull(instruction, "instruction");
    Objects.requireNonNull(stage, "stage");
  }

  public boolean isGlobal() {
    return stage.isEmpty();
  }
}
