package dev.stowage.oci.image;

import dev.stowage.oci.ContainerConfig;
import dev.stowage.oci.Descriptor;
import dev.stowage.oci.Digest;
import dev.stowage.oci.HistoryEntry;
import dev.stowage.oci.ImageConfig;
import dev.stowage.oci.ImageManifest;
import dev.stowage.oci.MediaType;
import dev.stowage.oci.OciJson;
import dev.stowage.oci.Platform;
import dev.stowage.oci.Raw;
import dev.stowage.oci.RootFs;
import dev.stowage.oci.archive.LayerEntry;
import dev.stowage.oci.archive.LayerOptions;
import dev.stowage.oci.archive.LayerResult;
import dev.stowage.oci.archive.LayerWriter;
import dev.stowage.oci.store.BlobStore;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Small real images for tests: layers written by LayerWriter into a store, a config with history, a manifest. */
public final class TestImages {
  private TestImages() {}

  /** An OCI image of {@code layerCount} gzip layers, each with one file, plus an ENV history entry. */
  public static Image build(BlobStore store, int layerCount, String seed) {
    return build(store, layerCount, seed, LayerOptions.defaults(), MediaType.OCI_MANIFEST);
  }

  public static Image build(BlobStore store, int layerCount, String seed, LayerOptions options, MediaType manifestType) {
    boolean docker = manifestType.isDocker();
    List<Descriptor> layers = new ArrayList<>();
    List<Digest> diffIds = new ArrayList<>();
    List<HistoryEntry> history = new ArrayList<>();
    Instant created = Instant.parse("2024-01-01T00:00:00Z");
    for (int i = 0; i < layerCount; i++) {
      LayerResult layer;
      try (LayerWriter writer = LayerWriter.toStore(store, options)) {
        writer.add(LayerEntry.directory("data"));
        writer.add(LayerEntry.file("data/" + seed + "-" + i + ".txt",
            (seed + " layer " + i + "\n").repeat(100).getBytes(StandardCharsets.UTF_8)));
        layer = writer.finish();
      }
      Descriptor d = layer.descriptor();
      layers.add(docker
          ? d.withMediaType(MediaType.DOCKER_LAYER.withLayerCompression(d.mediaType().layerCompression()))
          : d);
      diffIds.add(layer.diffId());
      history.add(HistoryEntry.of(created, "RUN /bin/sh -c make " + i + " # buildkit", "buildkit.dockerfile.v0", false));
    }
    history.add(HistoryEntry.of(created, "ENV SEED=" + seed, "buildkit.dockerfile.v0", true));
    ImageConfig config = ImageConfig.scratch(Platform.parse("linux/amd64"))
        .withCreated(Optional.of(created))
        .withConfig(ContainerConfig.EMPTY.withEnv(List.of("SEED=" + seed)).withCmd(List.of("sh")))
        .withRootfs(RootFs.of(diffIds))
        .withHistory(history);
    Raw<ImageConfig> rawConfig = OciJson.toRaw(config);
    store.put(rawConfig.bytes());
    ImageManifest manifest = ImageManifest.of(manifestType,
        rawConfig.descriptor(docker ? MediaType.DOCKER_CONFIG : MediaType.OCI_CONFIG), layers);
    Raw<ImageManifest> rawManifest = OciJson.toRaw(manifest);
    store.put(rawManifest.bytes());
    return new Image(rawManifest, rawConfig);
  }
}
