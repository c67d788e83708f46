package dev.stowage.scan.input;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageInputTest {
  @TempDir Path dir;

  @Test
  void readsEveryTransport() throws Exception {
    Path tar = Files.writeString(dir.resolve("image.tar"), "x");
    assertThat(ImageInput.parse("docker-archive:" + tar)).isEqualTo(new ImageInput.DockerArchive(tar, Optional.empty()));
    assertThat(ImageInput.parse("docker-archive:" + tar + ":app:1"))
        .isEqualTo(new ImageInput.DockerArchive(tar, Optional.of("app:1")));
    assertThat(ImageInput.parse("oci-archive:" + tar)).isEqualTo(new ImageInput.OciArchive(tar, Optional.empty()));
    assertThat(ImageInput.parse("oci:" + dir)).isEqualTo(new ImageInput.OciLayout(dir, Optional.empty()));
    assertThat(ImageInput.parse("registry://localhost:5000/app:1").describe()).isEqualTo("localhost:5000/app:1");
    assertThat(ImageInput.parse("docker://busybox").describe()).isEqualTo("docker.io/library/busybox:latest");
    assertThat(ImageInput.parse("docker-daemon:app:1")).isEqualTo(new ImageInput.DockerDaemon("app:1"));
    assertThat(ImageInput.parse("app:1")).isEqualTo(new ImageInput.StoreOrRegistry("app:1"));
    assertThat(ImageInput.parse(dir.toString())).isEqualTo(new ImageInput.OciLayout(dir, Optional.empty()));
    assertThat(ImageInput.parse(tar.toString())).isEqualTo(new ImageInput.DockerArchive(tar, Optional.empty()));
  }

  @Test
  void namesWhatIsWrong() {
    assertThatThrownBy(() -> ImageInput.parse("docker-archive:/nowhere/image.tar"))
        .isInstanceOf(ScanInputException.class).hasMessageContaining("no such file or directory: /nowhere/image.tar");
    assertThatThrownBy(() -> ImageInput.parse("registry://UPPER/Case")).isInstanceOf(ScanInputException.class);
    assertThatThrownBy(() -> ImageInput.parse("")).isInstanceOf(ScanInputException.class)
        .hasMessageContaining("docker-archive:PATH");
    assertThatThrownBy(() -> ImageInput.parse("./missing.tar")).isInstanceOf(ScanInputException.class);
  }
}
