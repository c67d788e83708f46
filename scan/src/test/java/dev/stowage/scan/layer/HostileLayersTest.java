package dev.stowage.scan.layer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stowage.oci.Descriptor;
import dev.stowage.oci.Digest;
import dev.stowage.oci.MediaType;
import dev.stowage.oci.archive.TarHeader;
import dev.stowage.oci.store.BlobInfo;
import dev.stowage.oci.store.FileBlobStore;
import dev.stowage.scan.ScanException;
import dev.stowage.scan.TestImages;
import dev.stowage.scan.detect.Fingerprinter;
import dev.stowage.scan.walk.ImageScanner;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Broken and hostile layers end the scan with one clear line, after a bounded read. */
class HostileLayersTest {
  @TempDir Path dir;

  private static final byte[] CONTENT = "hello\n".getBytes();

  private static byte[] gzip(byte[] data) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
      gz.write(data);
    }
    return out.toByteArray();
  }

  private static byte[] tar() {
    return TestImages.tar(CONTENT, TarHeader.file("app/hello", 0644, CONTENT.length));
  }

  private static ScanException scanFails(TestImages images) {
    ImageScanner scanner = new ImageScanner(List.of(), Fingerprinter.withKey(new byte[32]), LayerLimits.defaults());
    Throwable thrown = org.assertj.core.api.Assertions.catchThrowable(() -> scanner.scan(images.target()));
    assertThat(thrown).isInstanceOf(ScanException.class);
    assertThat(thrown.getMessage()).doesNotContain("\n").contains("layer 0 (sha256:");
    return (ScanException) thrown;
  }

  @Test
  void aBlobWhoseContentDoesNotMatchItsDigestIsRefused() throws IOException {
    byte[] layer = gzip(tar());
    TestImages images = new TestImages(dir).rawLayer("COPY . /", layer, Digest.sha256(tar()), MediaType.OCI_LAYER_GZIP);
    // Replace the stored blob with other content under the same name.
    FileBlobStore store = images.store();
    Digest digest = Digest.sha256(layer);
    byte[] tampered = layer.clone();
    tampered[tampered.length - 5] ^= 0x55;
    Files.write(store.path(digest), tampered);

    assertThat(scanFails(images).getMessage()).containsAnyOf("corrupt", "digest");
  }

  @Test
  void aTruncatedGzipStreamIsReportedAsTruncated() throws IOException {
    byte[] layer = gzip(TestImages.tar(new byte[200_000], TarHeader.file("big", 0644, 200_000)));
    byte[] cut = Arrays.copyOf(layer, layer.length / 2);
    TestImages images = new TestImages(dir).rawLayer("COPY . /", cut, Digest.sha256(new byte[1]), MediaType.OCI_LAYER_GZIP);

    assertThat(scanFails(images).getMessage()).contains("truncated");
  }

  @Test
  void aDecompressionBombStopsAtTheLimit() throws IOException {
    // 64 MiB of zeros in a tar, about 64 KiB compressed: far above a 100:1 ratio once past the floor.
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
      byte[] zeros = new byte[1 << 20];
      byte[] header = TestImages.tar(new byte[0], TarHeader.file("zeros", 0644, 0));
      gz.write(header, 0, 512);
      for (int i = 0; i < 64; i++) {
        gz.write(zeros);
      }
    }
    byte[] bomb = out.toByteArray();
    FileBlobStore store = new TestImages(dir).store();
    BlobInfo stored = store.put(bomb);
    Descriptor descriptor = Descriptor.of(MediaType.OCI_LAYER_GZIP, stored.digest(), stored.size());
    LayerLimits limits = new LayerLimits(4 << 20, 10);

    try (LayerStream stream = LayerStream.open(store, descriptor, Optional.empty(), limits, "layer 0 (test)")) {
      assertThatThrownBy(stream::finish)
          .isInstanceOf(ScanException.class)
          .hasMessageContaining("expands beyond " + limits.budget(stored.size()) + " bytes")
          .hasMessageContaining("decompression bomb");
      assertThat(stream.uncompressedBytes()).isLessThanOrEqualTo(limits.budget(stored.size()) + (1 << 20));
    }
  }

  @Test
  void aDiffIdThatDoesNotMatchTheContentIsRefused() throws IOException {
    byte[] layer = gzip(tar());
    TestImages images = new TestImages(dir)
        .rawLayer("COPY . /", layer, Digest.sha256("something else".getBytes()), MediaType.OCI_LAYER_GZIP);

    assertThat(scanFails(images).getMessage()).contains("uncompressed content has digest")
        .contains("the image config lists");
  }

  @Test
  void garbageThatIsNotATarIsRefused() {
    byte[] garbage = "this is not a tar archive at all, but it is long enough to fill a header block".repeat(10)
        .getBytes();
    TestImages images = new TestImages(dir).rawLayer("COPY . /", garbage, Digest.sha256(garbage), MediaType.OCI_LAYER);

    assertThat(scanFails(images).getMessage()).contains("header at offset 0");
  }

  @Test
  void aMissingBlobIsNamed() {
    TestImages images = new TestImages(dir).rawLayer("COPY . /", tar(), Digest.sha256(tar()), MediaType.OCI_LAYER);
    images.store().delete(Digest.sha256(tar()));

    assertThat(scanFails(images).getMessage()).contains("is not in");
  }
}
