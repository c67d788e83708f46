package dev.stowage.engine.image;

import dev.stowage.oci.ImageConfig;
import dev.stowage.oci.ref.ImageReference;
import java.util.List;
import java.util.Optional;

/**
 * An image a build starts from or copies from, resolved for the build's platform.
 *
 * @param reference the reference as written in the Dockerfile
 * @param resolved the normalised reference, pinned to the manifest digest
 * @param registryName the repository the layers come from when they are not in the store yet (empty: local only)
 */
public record SourceImage(String reference, ImageReference resolved, ImageConfig config, List<LayerRef> layers,
    Optional<ImageReference> registryName) {
  public SourceImage {
    layers = List.copyOf(layers);
  }
}
