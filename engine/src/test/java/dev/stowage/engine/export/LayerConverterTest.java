package dev.stowage.engine.export;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stowage.engine.image.LayerRef;
import dev.stowage.engine.solve.Solver.BuiltImage;
import dev.stowage.oci.Digest;
import dev.stowage.oci.ImageConfig;
import dev.stowage.oci.MediaType;
import dev.stowage.oci.OciJson;
import dev.stowage.oci.Platform;
import dev.stowage.oci.archive.Compression;
import dev.stowage.oci.archive.LayerEntry;
import dev.stowage.oci.archive.LayerOptions;
import dev.stowage.oci.archive.LayerResult;
import dev.stowage.oci.archive.LayerWriter;
import dev.stowage.oci.store.DigestingOutputStream;
import dev.stowage.oci.store.FileBlobStore;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LayerConverterTest {
  @TempDir Path dir;

  @Test
  void compressesUncompressedLayersKeepingTheirDiffId() throws Exception {
    FileBlobStore store = FileBlobStore.open(dir.resolve("store"));
    LayerResult layer;
    try (LayerWriter writer = LayerWriter.toStore(store, LayerOptions.defaults().withCompression(Compression.NONE))) {
      writer.add(LayerEntry.file("etc/motd", "hello from a layer\n".repeat(1000).getBytes(StandardCharsets.UTF_8)));
      layer = writer.finish();
    }
    assertThat(layer.descriptor().digest()).isEqualTo(layer.diffId()); // stored uncompressed: its own DiffID
    BuiltImage built = image(new LayerRef(layer.descriptor(), layer.diffId()));
    List<String> heard = new java.util.ArrayList<>();
    LayerConverter converter = new LayerConverter(store, new LayerConverter.Listener() {
      @Override
      public void started(LayerRef ref) {
        heard.add("started " + ref.diffId());
      }

      @Override
      public void finished(LayerRef ref, dev.stowage.oci.Descriptor compressed) {
        heard.add("finished " + compressed.mediaType().layerCompression());
      }
    }, java.util.Optional.empty());

    BuiltImage gzip = converter.convert(built, LayerConverter.Choice.gzipDefault());
    LayerRef converted = gzip.layers().get(0);
    assertThat(converted.diffId()).isEqualTo(layer.diffId());
    assertThat(converted.blob().mediaType()).isEqualTo(MediaType.layerType(MediaType.LayerCompression.GZIP));
    assertThat(converted.blob().size()).isLessThan(layer.descriptor().size());
    assertThat(uncompressedDigest(store, converted)).isEqualTo(layer.diffId());
    // Once per layer and choice; a layer already in the wanted compression is kept unless forced.
    assertThat(converter.convert(built, LayerConverter.Choice.gzipDefault()).layers()).isEqualTo(gzip.layers());
    assertThat(converter.convert(gzip, LayerConverter.Choice.gzipDefault()).layers()).isEqualTo(gzip.layers());
    BuiltImage zstd = converter.convert(gzip, new LayerConverter.Choice(Compression.ZSTD, 3, false));
    assertThat(zstd.layers().get(0).blob().mediaType().layerCompression()).isEqualTo(MediaType.LayerCompression.ZSTD);
    assertThat(uncompressedDigest(store, zstd.layers().get(0))).isEqualTo(layer.diffId());
    BuiltImage back = converter.convert(zstd, new LayerConverter.Choice(Compression.NONE, 0, false));
    assertThat(back.layers().get(0).blob().digest()).isEqualTo(layer.diffId());
    assertThat(gzip.configDigest()).isEqualTo(built.configDigest()); // the image ID does not change
    // Heard once per layer actually compressed: gzip, zstd, then back to uncompressed; never for a kept layer.
    assertThat(heard).containsExactly("started " + layer.diffId(), "finished GZIP", "started " + layer.diffId(),
        "finished ZSTD", "started " + layer.diffId(), "finished NONE");
  }

  @Test
  void aNotedConversionIsReusedByTheNextBuildWhileTheStoreHoldsItsBlob() throws Exception {
    FileBlobStore store = FileBlobStore.open(dir.resolve("store"));
    LayerResult layer;
    try (LayerWriter writer = LayerWriter.toStore(store, LayerOptions.defaults().withCompression(Compression.NONE))) {
      writer.add(LayerEntry.file("data.txt", "noted\n".repeat(5000).getBytes(StandardCharsets.UTF_8)));
      layer = writer.finish();
    }
    BuiltImage built = image(new LayerRef(layer.descriptor(), layer.diffId()));
    java.nio.file.Path notes = dir.resolve("compressed");
    java.util.concurrent.atomic.AtomicInteger compressions = new java.util.concurrent.atomic.AtomicInteger();
    LayerConverter.Listener counting = new LayerConverter.Listener() {
      @Override
      public void started(LayerRef ref) {
        compressions.incrementAndGet();
      }

      @Override
      public void finished(LayerRef ref, dev.stowage.oci.Descriptor compressed) { }
    };
    BuiltImage first = new LayerConverter(store, counting, java.util.Optional.of(notes))
        .convert(built, LayerConverter.Choice.gzipDefault());
    BuiltImage second = new LayerConverter(store, counting, java.util.Optional.of(notes))
        .convert(built, LayerConverter.Choice.gzipDefault());
    assertThat(second.layers()).isEqualTo(first.layers());
    assertThat(compressions).hasValue(1); // the second build took the noted blob

    store.delete(first.layers().get(0).blob().digest()); // pruned: the note alone is not enough
    BuiltImage third = new LayerConverter(store, counting, java.util.Optional.of(notes))
        .convert(built, LayerConverter.Choice.gzipDefault());
    assertThat(compressions).hasValue(2);
    assertThat(third.layers()).isEqualTo(first.layers()); // gzip here is deterministic
  }

  private static Digest uncompressedDigest(FileBlobStore store, LayerRef layer) throws Exception {
    try (InputStream in = Compression.detectAndDecompress(store.open(layer.blob().digest()))) {
      DigestingOutputStream digest = new DigestingOutputStream(OutputStream.nullOutputStream(),
          layer.diffId().algorithm());
      in.transferTo(digest);
      return digest.info().digest();
    }
  }

  private static BuiltImage image(LayerRef layer) {
    ImageConfig config = ImageConfig.scratch(Platform.parse("linux/amd64"));
    byte[] bytes = OciJson.write(config);
    return new BuiltImage(config, bytes, Digest.sha256(bytes), List.of(layer));
  }
}
