package dev.stowage.engine.copy;

import java.nio.file.Path;

/** One entry met while walking a selected source: where it is, its path below the source, and its attributes. */
final class Entry {
  final Path source;
  /** The path below the selected source, {@code /} separated; {@code ""} for the source itself. */
  final String relative;
  final String name;
  final UnixAttrs attrs;
  /** The SHA-256 of a regular file's content, set by whichever sink reads the content first. */
  byte[] contentSha256;

  Entry(Path source, String relative, String name, UnixAttrs attrs) {
    this.source = source;
    this.relative = relative;
    this.name = name;
    this.attrs = attrs;
  }

  boolean isTop() {
    return relative.isEmpty();
  }
}
