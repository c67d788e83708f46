package dev.stowage.dockerfile.ast;

import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * {@code FROM [--platform=p] image [AS name]}.
 *
 * @param image the image reference or earlier stage name, unexpanded (global ARGs apply)
 * @param platform the {@code --platform} value, unexpanded
 * @param asKeyword the {@code AS} word as written (for casing rules)
 * @param stageName the stage name as written; {@link #name()} gives BuildKit's lower-cased form
 */
public record From(Origin origin, Word image, Optional<Word> platform, Optional<Word> asKeyword,
    Optional<Word> stageName) implements Instruction {
  public From {
    Objects.requireNonNull(origin, "origin");
    Objects.requireNonNull(image, "image");
    Objects.requireNonNull(platform, "platform");
    Objects.requireNonNull(asKeyword, "asKeyword");
    Objects.requireNonNull(stageName, "stageName");
  }

  /** The stage name, lower-cased as BuildKit does. */
  public Optional<String> name() {
    return stageName.map(w -> w.raw().toLowerCase(Locale.ROOT));
  }

  @Override
  public Keyword keyword() {
    return Keyword.FROM;
  }
}
