package dev.stowage.dockerfile.ast;

import java.util.List;
import java.util.Objects;

/** {@code VOLUME /a /b} or {@code VOLUME ["/a", "/b"]}, unexpanded. */
public record Volume(Origin origin, List<Word> paths, boolean execForm) implements Instruction {
  public Volume {
    Objects.requireNonNull(origin, "origin");
    paths = List.copyOf(paths);
  }

  @Override
  public Keyword keyword() {
    return Keyword.VOLUME;
  }
}
