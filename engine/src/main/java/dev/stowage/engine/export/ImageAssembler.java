package dev.stowage.engine.export;

import dev.stowage.engine.image.LayerRef;
import dev.stowage.engine.solve.Solver.BuiltImage;
import dev.stowage.oci.Descriptor;
import dev.stowage.oci.ImageConfig;
import dev.stowage.oci.ImageManifest;
import dev.stowage.oci.MediaType;
import dev.stowage.oci.OciJson;
import dev.stowage.oci.Raw;
import dev.stowage.oci.image.Image;
import dev.stowage.oci.store.BlobStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Optional;

/**
 * Turns a built image into a manifest of the Docker schema 2 family (what {@code docker load} and BuildKit 0.8
 * write) or the OCI family, and stores the manifest blob. The config bytes are the same for both.
 */
public final class ImageAssembler {
  private ImageAssembler() {}

  /** The Docker schema 2 form. */
  public static Image docker(BuiltImage built, BlobStore store) {
    return assemble(built, store, true);
  }

  /** The OCI form. */
  public static Image oci(BuiltImage built, BlobStore store) {
    return assemble(built, store, false);
  }

  private static Image assemble(BuiltImage built, BlobStore store, boolean docker) {
    Raw<ImageConfig> config = Raw.of(built.config(), built.configBytes());
    List<Descriptor> layers = built.layers().stream().map(LayerRef::blob)
        .map(blob -> Descriptor.of(layerType(blob.mediaType(), docker), blob.digest(), blob.size()))
        .toList();
    ImageManifest manifest = ImageManifest.of(docker ? MediaType.DOCKER_MANIFEST : MediaType.OCI_MANIFEST,
        config.descriptor(docker ? MediaType.DOCKER_CONFIG : MediaType.OCI_CONFIG), layers);
    Raw<ImageManifest> raw = OciJson.toRaw(manifest);
    if (!store.has(raw.digest())) {
      try (var ingest = store.ingest(Optional.of(raw.digest()), raw.size())) {
        ingest.write(raw.bytes());
        ingest.commit();
      } catch (IOException e) {
        throw new UncheckedIOException("storing manifest " + raw.digest() + ": " + e.getMessage(), e);
      }
    }
    return new Image(raw, config);
  }

  private static MediaType layerType(MediaType stored, boolean docker) {
    MediaType.LayerCompression compression = stored.layerCompression();
    return docker ? MediaType.DOCKER_LAYER.withLayerCompression(compression) : MediaType.layerType(compression);
  }
}
