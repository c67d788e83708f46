package dev.stowage.oci.ref;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stowage.oci.Digest;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class ImageReferenceTest {
  private static final String HEX = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

  @ParameterizedTest(name = "[{index}] {0}")
  @CsvSource({
    "busybox, docker.io/library/busybox:latest, busybox:latest",
    "busybox:1.36, docker.io/library/busybox:1.36, busybox:1.36",
    "library/busybox, docker.io/library/busybox:latest, busybox:latest",
    "docker.io/busybox, docker.io/library/busybox:latest, busybox:latest",
    "index.docker.io/library/busybox:1, docker.io/library/busybox:1, busybox:1",
    "user/app, docker.io/user/app:latest, user/app:latest",
    "localhost/app, localhost/app:latest, localhost/app:latest",
    "localhost:5000/base/busybox:1, localhost:5000/base/busybox:1, localhost:5000/base/busybox:1",
    "ghcr.io/org/sub/app:v1.2, ghcr.io/org/sub/app:v1.2, ghcr.io/org/sub/app:v1.2",
    "Registry/app, Registry/app:latest, Registry/app:latest",
    "[::1]:5000/app:x, [::1]:5000/app:x, [::1]:5000/app:x",
    "docker.io/a.b_c__d-e--f/g, docker.io/a.b_c__d-e--f/g:latest, a.b_c__d-e--f/g:latest",
    "a.b/c, a.b/c:latest, a.b/c:latest",
  })
  void normalisesLikeDocker(String input, String full, String familiar) {
    ImageReference ref = ImageReference.parse(input);
    assertThat(ref).hasToString(full);
    assertThat(ref.familiar()).isEqualTo(familiar);
  }

  @Test
  void keepsDigestsAndTagsTogether() {
    ImageReference pinned = ImageReference.parse("busybox@sha256:" + HEX);
    assertThat(pinned.tag()).isEmpty();
    assertThat(pinned.digest()).contains(Digest.parse("sha256:" + HEX));
    assertThat(pinned).hasToString("docker.io/library/busybox@sha256:" + HEX);

    ImageReference both = ImageReference.parse("localhost:5000/x:1@sha256:" + HEX);
    assertThat(both.registry()).isEqualTo("localhost:5000");
    assertThat(both.repository()).isEqualTo("x");
    assertThat(both.tag()).contains("1");
    assertThat(both.familiar()).isEqualTo("localhost:5000/x:1@sha256:" + HEX);
    assertThat(both.name()).isEqualTo("localhost:5000/x");
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @CsvSource(delimiter = '|', value = {
    "''| it is empty",
    "Busybox| repository name 'library/Busybox' must be lower case",
    "busybox:| the tag after ':' is empty",
    "busybox:-bad| tag '-bad' must be at most 128 characters",
    "a//b| empty component",
    "docker.io/a/| empty component",
    "x@sha256:abc| expected 64 hex characters",
    "x@md5:" + "ab| unsupported digest algorithm 'md5'",
    "host:port/app| registry port 'port' must be a number",
    "app_/x| repository path component 'app_'",
    "' busybox'| leading or trailing spaces",
    "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855| is an image ID",
  })
  void rejectsInvalidReferencesSayingWhy(String input, String reason) {
    assertThatThrownBy(() -> ImageReference.parse(input))
        .isInstanceOf(InvalidReferenceException.class)
        .hasMessageContaining(reason)
        .hasMessageStartingWith("invalid reference");
  }

  @Test
  void rejectsOverlongNames() {
    String name = "a".repeat(250) + "/b/c";
    assertThatThrownBy(() -> ImageReference.parse("example.com/" + name))
        .hasMessageContaining("the limit is 255");
  }
}
