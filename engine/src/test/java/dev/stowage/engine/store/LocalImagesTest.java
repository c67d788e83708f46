package dev.stowage.engine.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stowage.oci.Descriptor;
import dev.stowage.oci.Digest;
import dev.stowage.oci.MediaType;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalImagesTest {
  @TempDir Path dir;

  @Test
  void namesPointAtManifestsAcrossInstancesAndAreRemoved() throws IOException {
    Descriptor manifest = Descriptor.of(MediaType.OCI_MANIFEST, Digest.sha256("manifest"), 512);
    Path file = dir.resolve("images.json");
    new LocalImages(file).tag("busybox", manifest);
    new LocalImages(file).tag("localhost:5000/app:1", manifest);

    LocalImages images = new LocalImages(file);
    assertThat(images.resolve("docker.io/library/busybox:latest")).contains(manifest);
    assertThat(images.list()).containsOnlyKeys("docker.io/library/busybox:latest", "localhost:5000/app:1");
    assertThat(images.list().get("localhost:5000/app:1").created()).isNotBlank();
    assertThat(Files.readString(file)).contains("\"digest\" : \"" + manifest.digest() + "\"",
        "\"mediaType\" : \"" + MediaType.OCI_MANIFEST.value() + "\"", "\"size\" : 512");

    assertThat(images.remove("busybox")).isTrue();
    assertThat(images.remove("busybox")).isFalse();
    assertThat(new LocalImages(file).list()).containsOnlyKeys("localhost:5000/app:1");
  }

  @Test
  void noFileIsNoNames() {
    assertThat(new LocalImages(dir.resolve("absent.json")).list()).isEmpty();
  }
}
