package dev.stowage.oci.dockerarchive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stowage.oci.Digest;
import dev.stowage.oci.MediaType;
import dev.stowage.oci.OciJson;
import dev.stowage.oci.archive.Compression;
import dev.stowage.oci.archive.LayerOptions;
import dev.stowage.oci.image.Image;
import dev.stowage.oci.image.ImageArchive;
import dev.stowage.oci.image.NamedImage;
import dev.stowage.oci.image.TestImages;
import dev.stowage.oci.layout.OciLayoutReader;
import dev.stowage.oci.store.FileBlobStore;
import dev.stowage.oci.validate.ImageValidator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class DockerArchiveTest {
  @TempDir Path dir;

  @ParameterizedTest
  @EnumSource(DockerArchiveWriter.Layout.class)
  void roundTripsWithUncompressedLayersAndSeveralTags(DockerArchiveWriter.Layout layout) throws IOException {
    roundTrip(layout, DockerArchiveWriter.LayerForm.UNCOMPRESSED);
  }

  @ParameterizedTest
  @EnumSource(DockerArchiveWriter.Layout.class)
  void roundTripsWithLayersAsStored(DockerArchiveWriter.Layout layout) throws IOException {
    roundTrip(layout, DockerArchiveWriter.LayerForm.AS_STORED);
  }

  @Test
  void copiesAnUncompressedLayerKeptUnderItsDiffIdInsteadOfDecompressing() throws IOException {
    FileBlobStore store = FileBlobStore.open(dir.resolve("store"));
    Image image = TestImages.build(store, 1, "kept");
    Digest gzipLayer = image.layers().get(0).digest();
    byte[] tar;
    try (InputStream in = Compression.detectAndDecompress(store.open(gzipLayer))) {
      tar = in.readAllBytes();
    }
    store.put(tar);
    store.delete(gzipLayer); // the writer can only have used the copy
    Path file = dir.resolve("image.tar");

    DockerArchiveWriter.write(file, List.of(new NamedImage(image, List.of("kept:1"))), store,
        DockerArchiveWriter.Layout.OCI_COMPATIBLE);

    try (ImageArchive archive = DockerArchiveReader.open(file)) {
      Image read = archive.images().get(0).image();
      assertThat(read.layers()).extracting(l -> l.digest()).containsExactlyElementsOf(image.diffIds());
      assertThat(ImageValidator.validate(read, archive)).isEmpty();
    }
  }

  private void roundTrip(DockerArchiveWriter.Layout layout, DockerArchiveWriter.LayerForm form) throws IOException {
    boolean stored = form == DockerArchiveWriter.LayerForm.AS_STORED;
    FileBlobStore store = FileBlobStore.open(dir.resolve("store"));
    Image first = TestImages.build(store, 2, "first");
    Image second = TestImages.build(store, 1, "second");
    Path file = dir.resolve("image.tar");
    DockerArchiveWriter.write(file, List.of(
        new NamedImage(first, List.of("busybox", "localhost:5000/base/busybox:1")),
        new NamedImage(second, List.of("docker.io/user/app:v2"))), store, layout, form);

    try (ImageArchive archive = DockerArchiveReader.open(file)) {
      assertThat(archive.images()).hasSize(2);
      NamedImage a = archive.images().get(0);
      assertThat(a.names()).containsExactly("busybox:latest", "localhost:5000/base/busybox:1");
      assertThat(archive.images().get(1).names()).containsExactly("user/app:v2");
      assertThat(a.image().config().bytes()).isEqualTo(first.config().bytes());
      assertThat(a.image().id()).isEqualTo(first.id());
      assertThat(a.image().layers()).allSatisfy(l -> assertThat(l.mediaType())
          .isEqualTo(stored ? MediaType.OCI_LAYER_GZIP : MediaType.OCI_LAYER));
      assertThat(a.image().layers()).extracting(l -> l.digest())
          .containsExactlyElementsOf(stored ? first.layers().stream().map(l -> l.digest()).toList() : first.diffIds());
      for (NamedImage named : archive.images()) {
        assertThat(ImageValidator.validate(named.image(), archive)).isEmpty();
      }
    }
    List<String> members = members(file);
    if (layout == DockerArchiveWriter.Layout.LEGACY) {
      assertThat(members).contains(first.diffIds().get(0).encoded() + "/layer.tar",
          first.config().digest().encoded() + ".json", "manifest.json");
    } else {
      Digest layerBlob = stored ? first.layers().get(0).digest() : first.diffIds().get(0);
      assertThat(members).contains("blobs/sha256/" + layerBlob.encoded(),
          "blobs/sha256/" + first.config().digest().encoded(), "index.json", "manifest.json", "oci-layout");
      // docker 25's form is also an OCI layout
      try (ImageArchive asLayout = OciLayoutReader.open(file)) {
        assertThat(asLayout.images()).hasSize(3);
        if (stored) {
          assertThat(asLayout.images().get(0).image().manifest()).isEqualTo(first.manifest());
        }
        for (NamedImage named : asLayout.images()) {
          assertThat(ImageValidator.validate(named.image(), asLayout)).isEmpty();
        }
      }
    }
  }

  @Test
  void archivesAreReproducible() throws IOException {
    FileBlobStore store = FileBlobStore.open(dir.resolve("store"));
    Image image = TestImages.build(store, 2, "repro", LayerOptions.defaults().withCompression(Compression.ZSTD),
        MediaType.OCI_MANIFEST);
    ByteArrayOutputStream one = new ByteArrayOutputStream();
    ByteArrayOutputStream two = new ByteArrayOutputStream();
    DockerArchiveWriter.write(one, List.of(new NamedImage(image, List.of("r:1"))), store);
    DockerArchiveWriter.write(two, List.of(new NamedImage(image, List.of("r:1"))), store);
    assertThat(one.toByteArray()).isEqualTo(two.toByteArray());
  }

  @Test
  void refusesALayerThatDoesNotMatchItsDiffId() throws IOException {
    FileBlobStore store = FileBlobStore.open(dir.resolve("store"));
    Image image = TestImages.build(store, 1, "a");
    Image other = TestImages.build(store, 1, "b");
    Image broken = new Image(OciJson.toRaw(image.manifest().value().withLayers(other.layers())), image.config());
    assertThatThrownBy(() -> DockerArchiveWriter.write(OutputStream.nullOutputStream(),
            List.of(new NamedImage(broken, List.of())), store))
        .hasMessageContaining("not the DiffID");
  }

  @Test
  void readsALegacyDockerSaveWithV1IdsAndAGzipLayer() throws IOException {
    FileBlobStore store = FileBlobStore.open(dir.resolve("store"));
    Image image = TestImages.build(store, 2, "legacy");
    Path file = dir.resolve("legacy.tar");
    String v1a = "a".repeat(64);
    String v1b = "b".repeat(64);
    try (TarArchiveOutputStream tar = new TarArchiveOutputStream(Files.newOutputStream(file))) {
      // what docker 20.10 save writes: v1-id directories, the config as <id>.json, repositories
      add(tar, image.config().digest().encoded() + ".json", image.config().bytes());
      add(tar, v1a + "/VERSION", "1.0".getBytes());
      add(tar, v1a + "/json", "{}".getBytes());
      add(tar, v1a + "/layer.tar", uncompressed(store, image, 0));
      add(tar, v1b + "/layer.tar", compressed(store, image, 1)); // docker load also takes compressed layers
      add(tar, "manifest.json", ("[{\"Config\":\"" + image.config().digest().encoded() + ".json\",\"RepoTags\":"
          + "[\"legacy:1\"],\"Layers\":[\"" + v1a + "/layer.tar\",\"" + v1b + "/layer.tar\"]}]\n").getBytes());
      add(tar, "repositories", "{\"legacy\":{\"1\":\"bbbb\"}}\n".getBytes());
    }
    try (ImageArchive archive = DockerArchiveReader.open(file)) {
      Image read = archive.images().get(0).image();
      assertThat(read.layers().get(0).digest()).isEqualTo(image.diffIds().get(0));
      assertThat(read.layers().get(1).mediaType()).isEqualTo(MediaType.OCI_LAYER_GZIP);
      assertThat(read.layers().get(1).digest()).isEqualTo(image.layers().get(1).digest());
      assertThat(ImageValidator.validate(read, archive)).isEmpty();
    }
  }

  @Test
  void refusesArchivesThatAreNotDockerArchives() throws IOException {
    Path file = dir.resolve("x.tar");
    try (TarArchiveOutputStream tar = new TarArchiveOutputStream(Files.newOutputStream(file))) {
      add(tar, "index.json", "{}".getBytes());
    }
    assertThatThrownBy(() -> DockerArchiveReader.open(file)).hasMessageContaining("has no manifest.json")
        .hasMessageContaining("looks like an OCI layout");
    Path gz = dir.resolve("x.tar.gz");
    Files.write(gz, new byte[] {0x1f, (byte) 0x8b, 8, 0, 0, 0, 0, 0});
    assertThatThrownBy(() -> DockerArchiveReader.open(gz)).hasMessageContaining("decompress it first");
  }

  private static byte[] uncompressed(FileBlobStore store, Image image, int layer) throws IOException {
    try (InputStream in = Compression.GZIP.decompress(store.open(image.layers().get(layer).digest()))) {
      return in.readAllBytes();
    }
  }

  private static byte[] compressed(FileBlobStore store, Image image, int layer) throws IOException {
    try (InputStream in = store.open(image.layers().get(layer).digest())) {
      return in.readAllBytes();
    }
  }

  private static void add(TarArchiveOutputStream tar, String name, byte[] content) throws IOException {
    TarArchiveEntry e = new TarArchiveEntry(name);
    e.setSize(content.length);
    tar.putArchiveEntry(e);
    tar.write(content);
    tar.closeArchiveEntry();
  }

  private static List<String> members(Path file) throws IOException {
    List<String> names = new ArrayList<>();
    try (TarArchiveInputStream in = new TarArchiveInputStream(Files.newInputStream(file))) {
      TarArchiveEntry e;
      while ((e = in.getNextEntry()) != null) {
        names.add(e.getName());
      }
    }
    return names;
  }
}
