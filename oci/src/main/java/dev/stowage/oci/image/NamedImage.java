package dev.stowage.oci.image;

import dev.stowage.oci.ref.ImageReference;
import dev.stowage.oci.ref.InvalidReferenceException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * An image with the names an archive gives it: docker-archive {@code RepoTags} ({@code busybox:latest}) or the
 * OCI layout's {@code io.containerd.image.name} / {@code org.opencontainers.image.ref.name} annotations (which may
 * be a bare tag). Writers take names the same way.
 */
public record NamedImage(Image image, List<String> names) {
  public NamedImage {
    Objects.requireNonNull(image, "image");
    names = List.copyOf(names);
  }

  public static NamedImage of(Image image, List<ImageReference> references) {
    return new NamedImage(image, references.stream().map(ImageReference::toString).toList());
  }

  /** The names that parse as image references, normalised (bare tags and other free-form names are left out). */
  public List<ImageReference> references() {
    List<ImageReference> refs = new ArrayList<>();
    for (String name : names) {
      try {
        refs.add(ImageReference.parse(name));
      } catch (InvalidReferenceException e) {
        // an OCI ref.name may be any string; only references are returned
      }
    }
    return refs;
  }
}
