package dev.stowage.scan.input;

import dev.stowage.oci.ref.ImageReference;
import dev.stowage.oci.ref.InvalidReferenceException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * Where the image to scan comes from, as written on the command line (the transports of skopeo and buildah):
 * {@code docker-archive:PATH[:NAME]}, {@code oci-archive:PATH[:NAME]}, {@code oci:DIR[:NAME]},
 * {@code registry://REF} (or {@code docker://REF}), {@code docker-daemon:REF}, a path to an archive or layout, or a
 * bare reference: the local store first, else the registry.
 */
public sealed interface ImageInput {
  /** How messages name the input. */
  String describe();

  /** A docker-archive tar ({@code docker save}), with an optional image name when it holds several. */
  record DockerArchive(Path path, Optional<String> name) implements ImageInput {
    @Override
    public String describe() {
      return "docker-archive:" + path + name.map(n -> ":" + n).orElse("");
    }
  }

  /** An OCI image layout in a tar. */
  record OciArchive(Path path, Optional<String> name) implements ImageInput {
    @Override
    public String describe() {
      return "oci-archive:" + path + name.map(n -> ":" + n).orElse("");
    }
  }

  /** An OCI image layout directory. */
  record OciLayout(Path path, Optional<String> name) implements ImageInput {
    @Override
    public String describe() {
      return "oci:" + path + name.map(n -> ":" + n).orElse("");
    }
  }

  /** An image in a registry. */
  record Registry(ImageReference reference) implements ImageInput {
    @Override
    public String describe() {
      return reference.toString();
    }
  }

  /** An image in the local Docker daemon, read through {@code docker save}. */
  record DockerDaemon(String reference) implements ImageInput {
    @Override
    public String describe() {
      return "docker-daemon:" + reference;
    }
  }

  /** A name or image ID: the local store if it has it, else the registry. */
  record StoreOrRegistry(String nameOrId) implements ImageInput {
    @Override
    public String describe() {
      return nameOrId;
    }
  }

  /**
   * Parses a command-line image argument.
   *
   * @throws ScanInputException when it names no image in any form
   */
  static ImageInput parse(String text) {
    Objects.requireNonNull(text, "text");
    if (text.isBlank()) {
      throw new ScanInputException("no image given: name one as docker-archive:PATH, oci-archive:PATH, oci:DIR,"
          + " registry://REF, docker-daemon:REF or a name in the local store");
    }
    int colon = text.indexOf(':');
    String scheme = colon < 0 ? "" : text.substring(0, colon);
    String rest = colon < 0 ? text : text.substring(colon + 1);
    switch (scheme) {
      case "docker-archive" -> {
        PathAndName p = pathAndName(rest, scheme);
        return new DockerArchive(p.path(), p.name());
      }
      case "oci-archive" -> {
        PathAndName p = pathAndName(rest, scheme);
        return new OciArchive(p.path(), p.name());
      }
      case "oci" -> {
        PathAndName p = pathAndName(rest, scheme);
        return new OciLayout(p.path(), p.name());
      }
      case "registry", "docker" -> {
        String ref = rest.startsWith("//") ? rest.substring(2) : rest;
        return new Registry(reference(ref, text));
      }
      case "docker-daemon" -> {
        if (rest.isEmpty()) {
          throw new ScanInputException("docker-daemon: needs an image reference, e.g. docker-daemon:app:1");
        }
        return new DockerDaemon(rest);
      }
      default -> { }
    }
    Path path = Path.of(text);
    if (Files.isDirectory(path)) {
      return new OciLayout(path, Optional.empty());
    }
    if (Files.isRegularFile(path)) {
      return ArchiveKind.sniff(path) == ArchiveKind.OCI
          ? new OciArchive(path, Optional.empty()) : new DockerArchive(path, Optional.empty());
    }
    if (text.contains("/") && (text.startsWith("/") || text.startsWith(".")) || text.endsWith(".tar")) {
      throw new ScanInputException("no such file or directory: " + text);
    }
    return new StoreOrRegistry(text);
  }

  private static ImageReference reference(String ref, String shown) {
    try {
      return ImageReference.parse(ref);
    } catch (InvalidReferenceException e) {
      throw new ScanInputException(e.getMessage() + " (in " + shown + ")");
    }
  }

  /** {@code PATH[:NAME]}: the whole text when it exists as a path, else split at a colon after an existing path. */
  private static PathAndName pathAndName(String rest, String scheme) {
    if (rest.isEmpty()) {
      throw new ScanInputException(scheme + ": needs a path, e.g. " + scheme + ":image.tar");
    }
    Path whole = Path.of(rest);
    if (Files.exists(whole)) {
      return new PathAndName(whole, Optional.empty());
    }
    // The name may hold colons itself (app:1): the path is the longest prefix that exists.
    for (int colon = rest.lastIndexOf(':'); colon > 0; colon = rest.lastIndexOf(':', colon - 1)) {
      if (Files.exists(Path.of(rest.substring(0, colon)))) {
        String name = rest.substring(colon + 1);
        return new PathAndName(Path.of(rest.substring(0, colon)), name.isEmpty() ? Optional.empty() : Optional.of(name));
      }
    }
    throw new ScanInputException("no such file or directory: " + rest + " (in " + scheme + ":" + rest + ")");
  }

  /** A path and the optional image name after it. */
  record PathAndName(Path path, Optional<String> name) {}
}
