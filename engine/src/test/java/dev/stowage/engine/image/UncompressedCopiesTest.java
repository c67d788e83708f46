package dev.stowage.engine.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stowage.oci.Descriptor;
import dev.stowage.oci.Digest;
import dev.stowage.oci.MediaType;
import dev.stowage.oci.store.FileBlobStore;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.Random;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UncompressedCopiesTest {
  @TempDir Path dir;
  private FileBlobStore store;
  private byte[] content;
  private LayerRef layer;

  @BeforeEach
  void storeAGzipLayer() throws IOException {
    store = FileBlobStore.open(dir.resolve("blobs"));
    content = new byte[300_000];
    new Random(7).nextBytes(content);
    byte[] gzip = gzip(content);
    Digest blob = store.put(gzip).digest();
    layer = new LayerRef(Descriptor.of(MediaType.OCI_LAYER_GZIP, blob, gzip.length), Digest.sha256(content));
  }

  @Test
  void readingTheWholeLayerKeepsItsUncompressedTarUnderTheDiffId() throws IOException {
    try (InputStream in = UncompressedCopies.unpackSource(store, layer).open()) {
      assertThat(in.readAllBytes()).isEqualTo(content);
    }
    assertThat(store.has(layer.diffId())).isTrue();
    try (InputStream copy = store.open(layer.diffId())) {
      assertThat(copy.readAllBytes()).isEqualTo(content);
    }
  }

  @Test
  void aLayerReadPartlyLeavesNoCopy() throws IOException {
    try (InputStream in = UncompressedCopies.unpackSource(store, layer).open()) {
      assertThat(in.readNBytes(1000)).hasSize(1000);
    }
    assertThat(store.has(layer.diffId())).isFalse();
  }

  @Test
  void contentThatIsNotTheDiffIdIsRefusedAndNotKept() {
    Digest wrong = Digest.sha256("another layer");
    LayerRef mislabelled = new LayerRef(layer.blob(), wrong);
    assertThatThrownBy(() -> {
      try (InputStream in = UncompressedCopies.unpackSource(store, mislabelled).open()) {
        in.transferTo(OutputStream.nullOutputStream());
      }
    }).hasMessageContaining(wrong.toString());
    assertThat(store.has(wrong)).isFalse();
  }

  @Test
  void anUncompressedLayerIsReadAsStoredWithoutACopy() throws IOException {
    Digest digest = store.put(content).digest();
    LayerRef uncompressed = new LayerRef(Descriptor.of(MediaType.OCI_LAYER, digest, content.length), digest);
    int blobsBefore = store.list().size();
    try (InputStream in = UncompressedCopies.unpackSource(store, uncompressed).open()) {
      assertThat(in.readAllBytes()).isEqualTo(content);
    }
    assertThat(store.list()).hasSize(blobsBefore);
  }

  private static byte[] gzip(byte[] bytes) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
      gz.write(bytes);
    }
    return out.toByteArray();
  }
}
