package dev.stowage.scan;

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
import dev.stowage.oci.archive.Compression;
import dev.stowage.oci.archive.LayerEntry;
import dev.stowage.oci.archive.LayerOptions;
import dev.stowage.oci.archive.LayerResult;
import dev.stowage.oci.archive.LayerWriter;
import dev.stowage.oci.archive.TarHeader;
import dev.stowage.oci.archive.TarWriter;
import dev.stowage.oci.dockerarchive.DockerArchiveWriter;
import dev.stowage.oci.image.Image;
import dev.stowage.oci.image.NamedImage;
import dev.stowage.oci.store.BlobInfo;
import dev.stowage.oci.store.FileBlobStore;
import dev.stowage.scan.input.ScanTarget;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds real images for tests with the project's own writers: layers (gzip or plain tar) in a blob store, a config
 * with history, Env and Labels, and optionally a docker-archive file.
 */
public final class TestImages {
  private final FileBlobStore store;
  private final List<Descriptor> layers = new ArrayList<>();
  private final List<Digest> diffIds = new ArrayList<>();
  private final List<HistoryEntry> history = new ArrayList<>();
  private final List<String> env = new ArrayList<>();
  private final Map<String, String> labels = new LinkedHashMap<>();
  private Compression compression = Compression.GZIP;

  public TestImages(Path dir) {
    this.store = FileBlobStore.open(dir.resolve("store"));
  }

  public FileBlobStore store() {
    return store;
  }

  public TestImages uncompressed() {
    compression = Compression.NONE;
    return this;
  }

  /** A layer of {@code entries}, made by the instruction {@code createdBy}. */
  public TestImages layer(String createdBy, LayerEntry... entries) {
    try (LayerWriter writer = LayerWriter.toStore(store, LayerOptions.defaults().withCompression(compression))) {
      for (LayerEntry e : entries) {
        writer.add(e);
      }
      LayerResult result = writer.finish();
      layers.add(result.descriptor());
      diffIds.add(result.diffId());
    }
    history.add(HistoryEntry.of(Instant.EPOCH, createdBy, "buildkit.dockerfile.v0", false));
    return this;
  }

  /** A layer whose blob is {@code blob} exactly (any bytes: hostile tars, corrupt gzip), with its DiffID. */
  public TestImages rawLayer(String createdBy, byte[] blob, Digest diffId, MediaType mediaType) {
    BlobInfo stored = store.put(blob);
    layers.add(Descriptor.of(mediaType, stored.digest(), stored.size()));
    diffIds.add(diffId);
    history.add(HistoryEntry.of(Instant.EPOCH, createdBy, "buildkit.dockerfile.v0", false));
    return this;
  }

  /** An uncompressed tar of {@code headers}, each file holding {@code content}; written as is, unchecked. */
  public static byte[] tar(byte[] content, TarHeader... headers) {
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    TarWriter writer = new TarWriter(out);
    for (TarHeader h : headers) {
      writer.putEntry(h);
      if (h.size() > 0) {
        writer.write(content, 0, (int) h.size());
      }
    }
    writer.finish();
    return out.toByteArray();
  }

  /** A history entry without a layer (ENV, LABEL, ARG, CMD). */
  public TestImages meta(String createdBy) {
    history.add(HistoryEntry.of(Instant.EPOCH, createdBy, "buildkit.dockerfile.v0", true));
    return this;
  }

  public TestImages env(String entry) {
    env.add(entry);
    return this;
  }

  public TestImages label(String key, String value) {
    labels.put(key, value);
    return this;
  }

  public Image image() {
    ImageConfig config = ImageConfig.scratch(Platform.of("linux", "amd64"))
        .withRootfs(RootFs.of(diffIds))
        .withHistory(history)
        .withConfig(ContainerConfig.EMPTY.withEnv(env).withLabels(labels));
    Raw<ImageConfig> rawConfig = OciJson.toRaw(config);
    BlobInfo stored = store.put(rawConfig.bytes());
    ImageManifest manifest = ImageManifest.of(MediaType.OCI_MANIFEST,
        Descriptor.of(MediaType.OCI_CONFIG, stored.digest(), stored.size()), layers);
    Image image = new Image(OciJson.toRaw(manifest), rawConfig);
    store.put(image.manifest().bytes());
    return image;
  }

  /** The image as a target read straight from the store. */
  public ScanTarget target() {
    return new ScanTarget("test image", image(), store, () -> { });
  }

  /** Writes the image as a docker-archive (legacy layout, uncompressed layers, as docker save writes it). */
  public Path dockerArchive(Path file, String name) {
    DockerArchiveWriter.write(file, List.of(new NamedImage(image(), List.of(name))), store,
        DockerArchiveWriter.Layout.LEGACY);
    return file;
  }
}
