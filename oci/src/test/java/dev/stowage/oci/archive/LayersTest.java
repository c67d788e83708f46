package dev.stowage.oci.archive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stowage.oci.Descriptor;
import dev.stowage.oci.DigestMismatchException;
import dev.stowage.oci.store.FileBlobStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LayersTest {
  @TempDir Path dir;

  private Descriptor layer(FileBlobStore store) {
    try (LayerWriter writer = LayerWriter.toStore(store, LayerOptions.defaults())) {
      writer.add(LayerEntry.file("a", "alpha".getBytes()));
      writer.add(LayerEntry.file("b", "beta".getBytes()));
      return writer.finish().descriptor();
    }
  }

  @Test
  void readsEntriesOneLayerAtATime() {
    FileBlobStore store = FileBlobStore.open(dir);
    Descriptor layer = layer(store);
    List<String> seen = new ArrayList<>();
    try (TarReader reader = Layers.reader(store, layer)) {
      TarHeader h;
      while ((h = reader.next()) != null) {
        seen.add(h.path());
      }
      reader.readToEnd();
    }
    assertThat(seen).containsExactly("a", "b");
  }

  @Test
  void readingToTheEndVerifiesTheBlob() throws IOException {
    FileBlobStore store = FileBlobStore.open(dir);
    Descriptor layer = layer(store);
    byte[] bytes = Files.readAllBytes(store.path(layer.digest()));
    // A different but valid gzip stream of the same tar: entries read fine, the digest does not match.
    byte[] tar = Compression.GZIP.decompress(new java.io.ByteArrayInputStream(bytes)).readAllBytes();
    java.io.ByteArrayOutputStream regzipped = new java.io.ByteArrayOutputStream();
    try (java.util.zip.GZIPOutputStream gz = new java.util.zip.GZIPOutputStream(regzipped) {
      {
        def.setLevel(java.util.zip.Deflater.BEST_SPEED);
      }
    }) {
      gz.write(tar);
    }
    assertThat(regzipped.toByteArray()).isNotEqualTo(bytes);
    Files.write(store.path(layer.digest()), regzipped.toByteArray());
    // The digest is checked as soon as the last byte of the blob is read, at the latest by readToEnd.
    assertThatThrownBy(() -> {
      try (TarReader reader = Layers.reader(store, layer)) {
        while (reader.next() != null) {
          // entries
        }
        reader.readToEnd();
      }
    }).isInstanceOf(DigestMismatchException.class);
  }
}
