package dev.stowage.dockerfile.lint;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/** A {@link ContextView} over a fixture directory (the CLI has its own, capped, implementation). */
record DirectoryContext(Path root) implements ContextView {
  @Override
  public List<String> files(String path) {
    Path start = path.isEmpty() || path.equals(".") ? root : root.resolve(path);
    if (!Files.exists(start)) {
      return List.of();
    }
    try (Stream<Path> walk = Files.walk(start)) {
      return walk.filter(Files::isRegularFile).map(p -> root.relativize(p).toString().replace('\\', '/')).sorted()
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public Optional<String> readSmallFile(String path) {
    Path file = root.resolve(path);
    try {
      return Files.isRegularFile(file) ? Optional.of(Files.readString(file, StandardCharsets.UTF_8)) : Optional.empty();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public Optional<String> dockerignore() {
    return readSmallFile(".dockerignore");
  }
}
