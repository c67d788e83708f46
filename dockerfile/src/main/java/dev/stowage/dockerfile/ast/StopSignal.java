package dev.stowage.dockerfile.ast;

import java.util.Objects;

/** {@code STOPSIGNAL signal}, unexpanded. */
public record StopSignal(Origin origin, Word signal) implements Instruction {
  public StopSignal {
    Objects.requireNonNull(origin, "origin");
    Objects.requireNonNull(signal, "signal");
  }

  @Override
  public Keyword keyword() {
    return Keyword.STOPSIGNAL;
  }
}
