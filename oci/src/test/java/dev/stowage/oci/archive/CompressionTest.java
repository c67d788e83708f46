package dev.stowage.oci.archive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stowage.oci.MediaType;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class CompressionTest {
  @ParameterizedTest
  @EnumSource(Compression.class)
  void compressedStreamsAreDetectedAndRead(Compression compression) throws IOException {
    byte[] data = "layer content ".repeat(1000).getBytes(StandardCharsets.UTF_8);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (OutputStream c = compression.compress(out)) {
      c.write(data);
    }
    byte[] bytes = out.toByteArray();
    assertThat(Compression.detect(bytes, bytes.length)).isEqualTo(compression);
    assertThat(Compression.detectAndDecompress(new ByteArrayInputStream(bytes)).readAllBytes()).isEqualTo(data);
    assertThat(Compression.of(compression.ociLayerType())).isEqualTo(compression);
  }

  @Test
  void mediaTypesMapToCompressions() {
    assertThat(Compression.of(MediaType.DOCKER_LAYER_GZIP)).isEqualTo(Compression.GZIP);
    assertThat(Compression.of(MediaType.OCI_LAYER_ZSTD)).isEqualTo(Compression.ZSTD);
    assertThat(Compression.of(MediaType.DOCKER_LAYER)).isEqualTo(Compression.NONE);
    assertThat(MediaType.OCI_LAYER_GZIP.withLayerCompression(MediaType.LayerCompression.ZSTD))
        .isEqualTo(MediaType.OCI_LAYER_ZSTD);
    assertThat(MediaType.DOCKER_LAYER_GZIP.withLayerCompression(MediaType.LayerCompression.NONE))
        .isEqualTo(MediaType.DOCKER_LAYER);
  }

  @Test
  void unsupportedCompressionsAreNamed() {
    assertThatThrownBy(() -> Compression.detectAndDecompress(new ByteArrayInputStream("BZh91AY".getBytes())))
        .hasMessageContaining("bzip2");
    assertThatThrownBy(() -> Compression.detectAndDecompress(
            new ByteArrayInputStream(new byte[] {(byte) 0xfd, '7', 'z', 'X', 'Z', 0})))
        .hasMessageContaining("xz");
  }
}
