package dev.stowage.registry;

import dev.stowage.oci.ref.ImageReference;
import java.util.Objects;

/** A repository of a registry, e.g. {@code localhost:5000} + {@code base/busybox}: where blobs live. */
public record Repository(String registry, String name) {
  public Repository {
    Objects.requireNonNull(registry, "registry");
    Objects.requireNonNull(name, "name");
    if (registry.isEmpty() || name.isEmpty()) {
      throw new IllegalArgumentException("a repository needs a registry and a name");
    }
  }

  public static Repository of(ImageReference reference) {
    return new Repository(reference.registry(), reference.repository());
  }

  /** {@code registry/name}. */
  @Override
  public String toString() {
    return registry + "/" + name;
  }
}
