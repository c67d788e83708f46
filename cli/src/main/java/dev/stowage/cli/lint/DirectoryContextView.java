package dev.stowage.cli.lint;

import dev.stowage.dockerfile.lint.ContextView;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitOption;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;

/**
 * The build context on disk. The tree is listed once (at most {@link #MAX_FILES} files, symbolic links not
 * followed); files larger than {@link #MAX_READ} bytes or holding NUL bytes are not read.
 */
final class DirectoryContextView implements ContextView {
  static final int MAX_FILES = 50_000;
  static final long MAX_READ = 256 * 1024;

  private final Path root;
  private final Path dockerfile;
  private List<String> listing;

  DirectoryContextView(Path root, Path dockerfile) {
    this.root = root.toAbsolutePath().normalize();
    this.dockerfile = dockerfile.toAbsolutePath().normalize();
  }

  @Override
  public List<String> files(String path) {
    String p = path.equals(".") ? "" : path;
    List<String> all = listing();
    if (p.isEmpty()) {
      return all;
    }
    List<String> out = new ArrayList<>();
    for (String f : all) {
      if (f.equals(p) || f.startsWith(p + "/")) {
        out.add(f);
      }
    }
    return out;
  }

  @Override
  public Optional<String> readSmallFile(String path) {
    Path file = root.resolve(path).normalize();
    if (!file.startsWith(root)) {
      return Optional.empty();
    }
    try {
      if (!Files.isRegularFile(file) || Files.size(file) > MAX_READ) {
        return Optional.empty();
      }
      byte[] bytes = Files.readAllBytes(file);
      for (byte b : bytes) {
        if (b == 0) {
          return Optional.empty();
        }
      }
      return Optional.of(StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPLACE)
          .onUnmappableCharacter(CodingErrorAction.REPLACE)
          .decode(java.nio.ByteBuffer.wrap(bytes)).toString());
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  /** BuildKit reads {@code <Dockerfile name>.dockerignore} beside the Dockerfile first, then the context's. */
  @Override
  public Optional<String> dockerignore() {
    Path specific = dockerfile.resolveSibling(dockerfile.getFileName() + ".dockerignore");
    for (Path candidate : List.of(specific, root.resolve(".dockerignore"))) {
      if (Files.isRegularFile(candidate)) {
        try {
          return Optional.of(Files.readString(candidate, StandardCharsets.UTF_8));
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }
    }
    return Optional.empty();
  }

  private List<String> listing() {
    if (listing == null) {
      List<String> found = new ArrayList<>();
      try {
        Files.walkFileTree(root, EnumSet.noneOf(FileVisitOption.class), Integer.MAX_VALUE, new SimpleFileVisitor<>() {
          @Override
          public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
            if (attrs.isRegularFile()) {
              found.add(root.relativize(file).toString().replace('\\', '/'));
            }
            return found.size() >= MAX_FILES ? FileVisitResult.TERMINATE : FileVisitResult.CONTINUE;
          }

          @Override
          public FileVisitResult visitFileFailed(Path file, IOException exc) {
            return FileVisitResult.CONTINUE;
          }
        });
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      Collections.sort(found);
      listing = List.copyOf(found);
    }
    return listing;
  }
}
