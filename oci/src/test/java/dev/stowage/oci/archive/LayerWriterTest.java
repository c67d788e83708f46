package dev.stowage.oci.archive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stowage.oci.Digest;
import dev.stowage.oci.MediaType;
import dev.stowage.oci.store.FileBlobStore;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LayerWriterTest {
  @TempDir Path dir;

  static List<LayerEntry> entries(Instant mtime) {
    return List.of(
        LayerEntry.directory("app").withHeader(TarHeader.directory("app", 0755).withMtime(mtime)),
        LayerEntry.file("/app/hello.txt", "hello\n".getBytes(StandardCharsets.UTF_8)),
        LayerEntry.symlink("app/link", "hello.txt"),
        LayerEntry.whiteout("etc/removed"),
        LayerEntry.opaque("var/cache"));
  }

  @Test
  void computesDiffIdDigestAndSizeInOnePass() throws IOException {
    FileBlobStore store = FileBlobStore.open(dir);
    LayerResult result;
    try (LayerWriter writer = LayerWriter.toStore(store, LayerOptions.defaults())) {
      writer.addAll(entries(Instant.now()));
      result = writer.finish();
    }
    assertThat(result.descriptor().mediaType()).isEqualTo(MediaType.OCI_LAYER_GZIP);
    assertThat(result.entries()).isEqualTo(5);
    assertThat(store.size(result.digest())).isEqualTo(result.descriptor().size());
    byte[] compressed;
    try (InputStream in = store.open(result.digest())) {
      compressed = in.readAllBytes();
    }
    assertThat(Arrays.copyOf(compressed, 10))
        .as("gzip header: no name, mtime 0, OS unknown")
        .containsExactly(0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 0xff);
    byte[] tar = Compression.GZIP.decompress(new ByteArrayInputStream(compressed)).readAllBytes();
    assertThat(Digest.sha256(tar)).isEqualTo(result.diffId());
    assertThat(tar.length).isEqualTo(result.uncompressedSize());

    List<TarHeader> headers = TarRoundTripTest.readAll(tar);
    assertThat(headers).extracting(TarHeader::path)
        .containsExactly("app", "app/hello.txt", "app/link", "etc/.wh.removed", "var/cache/.wh..wh..opq");
    assertThat(headers).allSatisfy(h -> {
      assertThat(h.mtime()).isEqualTo(Instant.EPOCH);
      assertThat(h.uname()).isEmpty();
    });
  }

  @Test
  void sameEntriesGiveByteIdenticalLayers() {
    FileBlobStore store = FileBlobStore.open(dir);
    LayerResult first = write(store, entries(Instant.ofEpochSecond(5)), LayerOptions.defaults());
    LayerResult second = write(store, entries(Instant.ofEpochSecond(999_999)), LayerOptions.defaults());
    assertThat(second).isEqualTo(first);
    LayerResult zstdFirst = write(store, entries(Instant.EPOCH), LayerOptions.defaults().withCompression(Compression.ZSTD));
    LayerResult zstdSecond = write(store, entries(Instant.EPOCH), LayerOptions.defaults().withCompression(Compression.ZSTD));
    assertThat(zstdSecond).isEqualTo(zstdFirst);
    assertThat(zstdFirst.diffId()).isEqualTo(first.diffId());
    assertThat(zstdFirst.descriptor().mediaType()).isEqualTo(MediaType.OCI_LAYER_ZSTD);
  }

  @Test
  void mtimePoliciesPreserveOrClamp() throws IOException {
    Instant old = Instant.ofEpochSecond(1000, 999);
    Instant recent = Instant.ofEpochSecond(5000);
    List<LayerEntry> both = List.of(
        LayerEntry.of(TarHeader.directory("old", 0755).withMtime(old)),
        LayerEntry.of(TarHeader.directory("recent", 0755).withMtime(recent)));
    ByteArrayOutputStream preserved = new ByteArrayOutputStream();
    try (LayerWriter w = LayerWriter.toStream(preserved, LayerOptions.defaults().withCompression(Compression.NONE)
        .withMtime(new MtimePolicy.Preserve()))) {
      w.addAll(both);
      w.finish();
    }
    assertThat(TarRoundTripTest.readAll(preserved.toByteArray())).extracting(TarHeader::mtime)
        .containsExactly(Instant.ofEpochSecond(1000), recent);
    ByteArrayOutputStream clamped = new ByteArrayOutputStream();
    try (LayerWriter w = LayerWriter.toStream(clamped, LayerOptions.defaults().withCompression(Compression.NONE)
        .withMtime(new MtimePolicy.Clamp(Instant.ofEpochSecond(2000))))) {
      w.addAll(both);
      w.finish();
    }
    assertThat(TarRoundTripTest.readAll(clamped.toByteArray())).extracting(TarHeader::mtime)
        .containsExactly(Instant.ofEpochSecond(1000), Instant.ofEpochSecond(2000));
  }

  @Test
  void uncompressedLayerToAStreamHasItsDiffIdAsDigest() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    LayerResult result;
    try (LayerWriter writer = LayerWriter.toStream(out, LayerOptions.defaults().withCompression(Compression.NONE))) {
      writer.addAll(entries(Instant.EPOCH));
      result = writer.finish();
    }
    assertThat(result.digest()).isEqualTo(result.diffId()).isEqualTo(Digest.sha256(out.toByteArray()));
    assertThat(result.descriptor().mediaType()).isEqualTo(MediaType.OCI_LAYER);
  }

  @Test
  void observerSeesEveryHeaderAndContentByte() {
    List<String> events = new ArrayList<>();
    ByteArrayOutputStream seen = new ByteArrayOutputStream();
    ContentObserver observer = new ContentObserver() {
      @Override
      public void startEntry(TarHeader header) {
        events.add("start " + header.path());
      }

      @Override
      public void content(byte[] buffer, int offset, int length) {
        seen.write(buffer, offset, length);
      }

      @Override
      public void endEntry(TarHeader header) {
        events.add("end " + header.path());
      }

      @Override
      public void endLayer() {
        events.add("layer");
      }
    };
    write(FileBlobStore.open(dir), entries(Instant.EPOCH), LayerOptions.defaults().withObserver(observer));
    assertThat(events).startsWith("start app", "end app", "start app/hello.txt", "end app/hello.txt").endsWith("layer");
    assertThat(seen.toString(StandardCharsets.UTF_8)).isEqualTo("hello\n");
  }

  @Test
  void anObserverThatThrowsLeavesNothingInTheStore() {
    FileBlobStore store = FileBlobStore.open(dir);
    ContentObserver guard = new ContentObserver() {
      @Override
      public void content(byte[] buffer, int offset, int length) {
        if (new String(buffer, offset, length, StandardCharsets.UTF_8).contains("hello")) {
          throw new IllegalStateException("leak detected in the layer");
        }
      }
    };
    assertThatThrownBy(() -> write(store, entries(Instant.EPOCH), LayerOptions.defaults().withObserver(guard)))
        .hasMessage("leak detected in the layer");
    assertThat(store.list()).isEmpty();
    assertThat(dir.resolve("ingest").toFile().list()).isEmpty();
  }

  @Test
  void contentThatChangesSizeIsRefused() {
    FileBlobStore store = FileBlobStore.open(dir);
    LayerEntry shrinking = LayerEntry.of(TarHeader.file("f", 0644, 10), () -> new ByteArrayInputStream(new byte[4]));
    assertThatThrownBy(() -> write(store, List.of(shrinking), LayerOptions.defaults()))
        .hasMessageContaining("file f shrank while it was added to the layer: expected 10 bytes, read 4");
    LayerEntry growing = LayerEntry.of(TarHeader.file("g", 0644, 2), () -> new ByteArrayInputStream(new byte[3]));
    assertThatThrownBy(() -> write(store, List.of(growing), LayerOptions.defaults())).hasMessageContaining("grew");
    assertThat(store.list()).isEmpty();
  }

  @Test
  void duplicateAndEscapingPathsAreRefused() {
    FileBlobStore store = FileBlobStore.open(dir);
    assertThatThrownBy(() -> write(store, List.of(LayerEntry.directory("a"), LayerEntry.directory("/a/")),
        LayerOptions.defaults())).hasMessage("duplicate layer entry a");
    assertThatThrownBy(() -> write(store, List.of(LayerEntry.directory("a/../../etc")), LayerOptions.defaults()))
        .hasMessageContaining("contains '..'");
  }

  static LayerResult write(FileBlobStore store, List<LayerEntry> entries, LayerOptions options) {
    try (LayerWriter writer = LayerWriter.toStore(store, options)) {
      writer.addAll(entries);
      return writer.finish();
    }
  }
}
