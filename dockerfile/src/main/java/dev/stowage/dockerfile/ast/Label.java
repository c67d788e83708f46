package dev.stowage.dockerfile.ast;

import java.util.List;
import java.util.Objects;

/** {@code LABEL k=v k2=v2} or the legacy single-pair {@code LABEL k v...} form. */
public record Label(Origin origin, List<KeyValue> pairs) implements Instruction {
  public Label {
    Objects.requireNonNull(origin, "origin");
    pairs = List.copyOf(pairs);
  }

  /** True for the legacy {@code LABEL key value} form (no '='), which BuildKit's linter flags. */
  public boolean legacyForm() {
    return pairs.size() == 1 && !pairs.get(0).withEquals();
  }

  @Override
  public Keyword keyword() {
    return Keyword.LABEL;
  }
}
