package dev.stowage.oci;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class MediaTypeTest {
  @Test
  void equalsAndHashCodeFollowTheValue() {
    MediaType read = MediaType.of("application/vnd.oci.image.manifest.v1+json");
    assertThat(read).isEqualTo(MediaType.OCI_MANIFEST).hasSameHashCodeAs(MediaType.OCI_MANIFEST)
        .isNotEqualTo(MediaType.DOCKER_MANIFEST).isNotEqualTo(read.value()).isNotEqualTo(null);
    assertThat(read.isManifest()).isTrue();
    // written out by hand: a new component must join them
    assertThat(MediaType.class.getRecordComponents()).hasSize(1);
  }
}
