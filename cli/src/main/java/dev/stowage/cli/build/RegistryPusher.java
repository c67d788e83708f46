package dev.stowage.cli.build;

import dev.stowage.engine.export.Exporter;
import dev.stowage.oci.Descriptor;
import dev.stowage.oci.image.Image;
import dev.stowage.oci.ref.ImageReference;
import dev.stowage.oci.store.Blob;
import dev.stowage.oci.store.BlobStore;
import dev.stowage.registry.RegistryClient;
import dev.stowage.registry.Repository;
import java.util.Optional;

/** Pushes a stored image: each layer (skipped when present), the config, then the manifest under the tag. */
final class RegistryPusher implements Exporter.Pusher {
  private final RegistryClient registry;
  private final BlobStore store;

  RegistryPusher(RegistryClient registry, BlobStore store) {
    this.registry = registry;
    this.store = store;
  }

  @Override
  public void push(Image image, String name) {
    ImageReference reference = ImageReference.parse(name);
    Repository repository = Repository.of(reference);
    for (Descriptor layer : image.layers()) {
      registry.pushBlob(repository, layer, Blob.of(store, layer.digest(), layer.size()), Optional.empty());
    }
    Descriptor config = image.manifest().value().config();
    registry.pushBlob(repository, config, Blob.of(store, config.digest(), config.size()), Optional.empty());
    registry.pushManifest(reference, image.manifest().bytes(), image.manifest().value().mediaType());
  }
}
