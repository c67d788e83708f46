package dev.stowage.dockerfile.ast;

import java.util.List;
import java.util.Objects;

/** {@code EXPOSE 80 80/tcp 8000-8010/udp $PORT}: the words as written (unexpanded, not sorted). */
public record Expose(Origin origin, List<Word> ports) implements Instruction {
  public Expose {
    Objects.requireNonNull(origin, "origin");
    ports = List.copyOf(ports);
  }

  @Override
  public Keyword keyword() {
    return Keyword.EXPOSE;
  }
}
