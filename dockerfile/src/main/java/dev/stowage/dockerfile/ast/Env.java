package dev.stowage.dockerfile.ast;

import java.util.List;
import java.util.Objects;

/** {@code ENV k=v k2=v2} or the legacy single-pair {@code ENV k v...} form. */
public record Env(Origin origin, List<KeyValue> pairs) implements Instruction {
  public Env {
    Objects.requireNonNull(origin, "origin");
    pairs = List.copyOf(pairs);
  }

  /** True for the legacy {@code ENV key value} form (no '='), which BuildKit's linter flags. */
  public boolean legacyForm() {
    return pairs.size() == 1 && !pairs.get(0).withEquals();
  }

  @Override
  public Keyword keyword() {
    return Keyword.ENV;
  }
}
