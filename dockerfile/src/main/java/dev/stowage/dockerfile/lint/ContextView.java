package dev.stowage.dockerfile.lint;

import java.util.List;
import java.util.Optional;

/**
 * Read-only access to the build context for rules that ask what {@code COPY . .} brings in. Paths are relative to
 * the context root, slash-separated, without a leading {@code ./}. Implementations must be cheap to call again and
 * may cap what they list or read.
 */
public interface ContextView {
  /** A context with no files: used when linting a Dockerfile alone. */
  ContextView EMPTY = new ContextView() {
    @Override
    public List<String> files(String path) {
      return List.of();
    }

    @Override
    public Optional<String> readSmallFile(String path) {
      return Optional.empty();
    }

    @Override
    public Optional<String> dockerignore() {
      return Optional.empty();
    }

    @Override
    public boolean isAvailable() {
      return false;
    }
  };

  /**
   * Every regular file at or under {@code path} ("" or "." for the root), recursively, as context-relative paths,
   * whether or not {@code .dockerignore} excludes them. Empty when the path does not exist.
   */
  List<String> files(String path);

  /** The content of a small text file, or empty when it is missing, too large or binary. */
  Optional<String> readSmallFile(String path);

  /** The text of the {@code .dockerignore} that applies (BuildKit: {@code <Dockerfile>.dockerignore} first). */
  Optional<String> dockerignore();

  /** False when there is no context to look at (the rules that need one then say nothing). */
  default boolean isAvailable() {
    return true;
  }
}
