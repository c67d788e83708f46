package dev.stowage.secrets;

import java.nio.file.Path;
import java.util.Objects;

/** A secret read from a file on the host ({@code src=} or {@code source=}). */
public record FileSource(Path path) implements SecretSource {
  public FileSource {
    Objects.requireNonNull(path, "path");
  }

  @Override
  public String describe() {
    return "file " + path;
  }
}
