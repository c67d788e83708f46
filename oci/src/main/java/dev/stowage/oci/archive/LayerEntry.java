package dev.stowage.oci.archive;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;

/**
 * One entry to write into a layer: its header and, for a regular file, where its content comes from. Content is
 * opened only when the entry is written, so a layer of any size streams.
 */
public record LayerEntry(TarHeader header, ContentSource content) {
  private static final ContentSource EMPTY = () -> InputStream.nullInputStream();

  /** Opens an entry's content; called once, when the entry is written. */
  @FunctionalInterface
  public interface ContentSource {
    InputStream open() throws IOException;
  }

  public LayerEntry {
    Objects.requireNonNull(header, "header");
    Objects.requireNonNull(content, "content");
  }

  /** An entry without content (anything but a non-empty regular file). */
  public static LayerEntry of(TarHeader header) {
    if (header.size() != 0) {
      throw new IllegalArgumentException("file " + header.path() + " has " + header.size() + " bytes of content; "
          + "use of(header, content)");
    }
    return new LayerEntry(header, EMPTY);
  }

  public static LayerEntry of(TarHeader header, ContentSource content) {
    return new LayerEntry(header, content);
  }

  public static LayerEntry directory(String path) {
    return of(TarHeader.directory(path, 0755));
  }

  /** A 0644 file with in-memory content (small files: configs, fixtures). */
  public static LayerEntry file(String path, byte[] content) {
    byte[] copy = content.clone();
    return new LayerEntry(TarHeader.file(path, 0644, copy.length), () -> new ByteArrayInputStream(copy));
  }

  /** A 0644 file whose content is read from {@code source} when written. */
  public static LayerEntry file(String path, Path source) throws IOException {
    return new LayerEntry(TarHeader.file(path, 0644, Files.size(source)), () -> Files.newInputStream(source));
  }

  public static LayerEntry symlink(String path, String target) {
    return of(TarHeader.symlink(path, target));
  }

  public static LayerEntry hardlink(String path, String target) {
    return of(TarHeader.hardlink(path, target));
  }

  /** An OCI whiteout: deletes {@code path} of the layers below. */
  public static LayerEntry whiteout(String path) {
    return of(TarHeader.file(Whiteouts.whiteoutPath(path), 0, 0));
  }

  /** An OCI opaque-directory marker: hides everything the layers below have in {@code directory}. */
  public static LayerEntry opaque(String directory) {
    return of(TarHeader.file(Whiteouts.opaquePath(directory), 0, 0));
  }

  public LayerEntry withHeader(TarHeader newHeader) {
    return new LayerEntry(newHeader, content);
  }
}
