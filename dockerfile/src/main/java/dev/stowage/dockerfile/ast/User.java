package dev.stowage.dockerfile.ast;

import java.util.Objects;

/** {@code USER user[:group]}: the rest of the line is one word, unexpanded; split after expansion. */
public record User(Origin origin, Word user) implements Instruction {
  public User {
    Objects.requireNonNull(origin, "origin");
    Objects.requireNonNull(user, "user");
  }

  @Override
  public Keyword keyword() {
    return Keyword.USER;
  }
}
