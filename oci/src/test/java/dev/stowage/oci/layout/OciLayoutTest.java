package dev.stowage.oci.layout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.stowage.oci.Annotations;
import dev.stowage.oci.Digest;
import dev.stowage.oci.DigestMismatchException;
import dev.stowage.oci.ImageIndex;
import dev.stowage.oci.OciJson;
import dev.stowage.oci.Raw;
import dev.stowage.oci.image.Image;
import dev.stowage.oci.image.ImageArchive;
import dev.stowage.oci.image.NamedImage;
import dev.stowage.oci.image.TestImages;
import dev.stowage.oci.ref.ImageReference;
import dev.stowage.oci.store.FileBlobStore;
import dev.stowage.oci.validate.ImageValidator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OciLayoutTest {
  @TempDir Path dir;

  private FileBlobStore store() {
    return FileBlobStore.open(dir.resolve("store"));
  }

  @Test
  void directoryLayoutRoundTripsAndValidates() throws IOException {
    FileBlobStore store = store();
    Image image = TestImages.build(store, 2, "layout");
    NamedImage named = new NamedImage(image, List.of("localhost:5000/app:1", "app:latest"));
    Path layout = dir.resolve("layout");
    Raw<ImageIndex> index = OciLayoutWriter.writeDirectory(layout, List.of(named), store);

    assertThat(Files.readString(layout.resolve("oci-layout"))).isEqualTo("{\"imageLayoutVersion\":\"1.0.0\"}");
    assertThat(Files.readAllBytes(layout.resolve("index.json"))).isEqualTo(index.bytes());
    assertThat(index.value().manifests()).hasSize(2);
    assertThat(index.value().manifests().get(0).annotations()).containsEntry(Annotations.REF_NAME, "1")
        .containsEntry(Annotations.CONTAINERD_IMAGE_NAME, "localhost:5000/app:1");
    assertThat(index.value().manifests().get(0).platform()).contains(image.platform());
    assertThat(layout.resolve("ingest")).doesNotExist();

    try (ImageArchive archive = OciLayoutReader.open(layout)) {
      assertThat(archive.images()).hasSize(2);
      NamedImage read = archive.images().get(0);
      assertThat(read.image().manifest().bytes()).isEqualTo(image.manifest().bytes());
      assertThat(read.image().config().bytes()).isEqualTo(image.config().bytes());
      assertThat(read.names()).containsExactly("localhost:5000/app:1");
      assertThat(read.references()).containsExactly(ImageReference.parse("localhost:5000/app:1"));
      assertThat(archive.images().get(1).names()).containsExactly("docker.io/library/app:latest");
      assertThat(ImageValidator.validate(read.image(), archive)).isEmpty();
    }
  }

  @Test
  void tarLayoutRoundTripsAndIsReproducible() throws IOException {
    FileBlobStore store = store();
    Image image = TestImages.build(store, 3, "tar");
    List<NamedImage> images = List.of(new NamedImage(image, List.of("example.com/x/y:2")));
    ByteArrayOutputStream first = new ByteArrayOutputStream();
    OciLayoutWriter.writeTar(first, images, store);
    ByteArrayOutputStream second = new ByteArrayOutputStream();
    OciLayoutWriter.writeTar(second, images, store);
    assertThat(Digest.sha256(second.toByteArray())).isEqualTo(Digest.sha256(first.toByteArray()));

    Path file = dir.resolve("image.tar");
    OciLayoutWriter.writeTar(file, images, store);
    assertThat(Files.readAllBytes(file)).isEqualTo(first.toByteArray());
    try (ImageArchive archive = OciLayoutReader.open(file)) {
      Image read = archive.images().get(0).image();
      assertThat(read).isEqualTo(image);
      assertThat(ImageValidator.validate(read, archive)).isEmpty();
      Digest layer = image.layers().get(1).digest();
      try (InputStream a = archive.open(layer); InputStream b = store.open(layer)) {
        assertThat(a.readAllBytes()).isEqualTo(b.readAllBytes());
      }
    }
  }

  @Test
  void corruptBlobsAreDetectedWhenRead() throws IOException {
    FileBlobStore store = store();
    Image image = TestImages.build(store, 1, "corrupt");
    Path layout = dir.resolve("layout");
    OciLayoutWriter.writeDirectory(layout, List.of(new NamedImage(image, List.of())), store);
    Digest layer = image.layers().get(0).digest();
    Path blob = layout.resolve("blobs/sha256/" + layer.encoded());
    byte[] bytes = Files.readAllBytes(blob);
    bytes[20] ^= 0x40;
    Files.write(blob, bytes);
    try (ImageArchive archive = OciLayoutReader.open(layout)) {
      try (InputStream in = archive.open(layer)) {
        assertThatThrownBy(in::readAllBytes).isInstanceOf(DigestMismatchException.class);
      }
      assertThat(ImageValidator.validate(archive.images().get(0).image(), archive)).isNotEmpty();
    }
  }

  @Test
  void refusesWhatIsNotALayout() throws IOException {
    Files.createDirectories(dir.resolve("empty"));
    assertThatThrownBy(() -> OciLayoutReader.open(dir.resolve("empty")))
        .hasMessageContaining("is not an OCI image layout");
    Path bad = Files.createDirectories(dir.resolve("bad"));
    Files.writeString(bad.resolve("oci-layout"), "{\"imageLayoutVersion\":\"2.0.0\"}");
    Files.writeString(bad.resolve("index.json"), "{\"schemaVersion\":2,\"manifests\":[]}");
    assertThatThrownBy(() -> OciLayoutReader.open(bad)).hasMessageContaining("unsupported OCI layout version 2.0.0");
  }

  @Test
  void skipsAttestationManifests() throws IOException {
    FileBlobStore store = store();
    Image image = TestImages.build(store, 1, "attest");
    Path layout = dir.resolve("layout");
    OciLayoutWriter.writeDirectory(layout, List.of(new NamedImage(image, List.of("a:1"))), store);
    String index = Files.readString(layout.resolve("index.json"));
    String attestation = "{\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\",\"digest\":\""
        + image.manifest().digest() + "\",\"size\":" + image.manifest().size()
        + ",\"annotations\":{\"vnd.docker.reference.type\":\"attestation-manifest\"}}";
    Files.writeString(layout.resolve("index.json"), index.replace("\"manifests\":[", "\"manifests\":[" + attestation + ","));
    try (ImageArchive archive = OciLayoutReader.open(layout)) {
      assertThat(archive.images()).hasSize(1);
    }
  }

  @Test
  void skopeoCanInspectTheLayoutWeWrite() throws Exception {
    assumeTrue(onPath("skopeo"), "skopeo is not installed");
    FileBlobStore store = store();
    Image image = TestImages.build(store, 2, "skopeo");
    Path layout = dir.resolve("layout");
    OciLayoutWriter.writeDirectory(layout, List.of(new NamedImage(image, List.of("localhost/skopeo:v1"))), store);
    String raw = run("skopeo", "inspect", "--raw", "oci:" + layout + ":v1");
    assertThat(OciJson.readManifest(raw.strip().getBytes(StandardCharsets.UTF_8)).value())
        .isEqualTo(image.manifest().value());
    String config = run("skopeo", "inspect", "--config", "oci:" + layout + ":v1");
    assertThat(config).contains("\"SEED=skopeo\"");
    Path tar = dir.resolve("layout.tar");
    OciLayoutWriter.writeTar(tar, List.of(new NamedImage(image, List.of("localhost/skopeo:v1"))), store);
    Path copy = dir.resolve("copy");
    run("skopeo", "copy", "oci-archive:" + tar + ":v1", "oci:" + copy + ":v1");
    try (ImageArchive archive = OciLayoutReader.open(copy)) {
      assertThat(ImageValidator.validate(archive.images().get(0).image(), archive)).isEmpty();
    }
  }

  static boolean onPath(String tool) {
    for (String d : System.getenv().getOrDefault("PATH", "").split(":")) {
      if (!d.isEmpty() && Files.isExecutable(Path.of(d, tool))) {
        return true;
      }
    }
    return false;
  }

  static String run(String... command) throws Exception {
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(120, TimeUnit.SECONDS)).isTrue();
    assertThat(process.exitValue()).as("%s: %s", String.join(" ", command), output).isZero();
    return output;
  }
}
