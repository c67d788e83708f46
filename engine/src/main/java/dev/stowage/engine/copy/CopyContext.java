package dev.stowage.engine.copy;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** What every part of one copy shares: the roots, the ownership and mode rules, and the running totals. */
final class CopyContext {
  private final Path sourceRoot;
  private final Path destinationRoot;
  private final Optional<Owner> chown;
  private final Optional<ModeChange> chmod;
  private final boolean resetOwnership;
  private final List<String> warnings = new ArrayList<>();
  private long entries;
  private long bytes;

  CopyContext(Path sourceRoot, Path destinationRoot, Optional<Owner> chown, Optional<ModeChange> chmod,
      boolean resetOwnership) {
    this.sourceRoot = sourceRoot;
    this.destinationRoot = destinationRoot;
    this.chown = chown;
    this.chmod = chmod;
    this.resetOwnership = resetOwnership;
  }

  Optional<Owner> chown() {
    return chown;
  }

  Optional<ModeChange> chmod() {
    return chmod;
  }

  /** Build-context files belong to root in the image, whoever owns them on the host (BuildKit's transfer). */
  boolean resetOwnership() {
    return resetOwnership;
  }

  /** A source path as the Dockerfile names it: {@code /dir/file} below the context or stage root. */
  String showSource(Path path) {
    return show(sourceRoot, path);
  }

  /** A destination path as the image sees it. */
  String showDest(Path path) {
    return show(destinationRoot, path);
  }

  private static String show(Path root, Path path) {
    if (root != null && path.startsWith(root)) {
      return "/" + root.relativize(path).toString().replace('\\', '/');
    }
    return path.toString();
  }

  void warn(String warning) {
    warnings.add(warning);
  }

  void countEntry() {
    entries++;
  }

  void countBytes(long n) {
    bytes += n;
  }

  List<String> warnings() {
    return List.copyOf(warnings);
  }

  long entries() {
    return entries;
  }

  long bytes() {
    return bytes;
  }
}
