package dev.stowage.engine.spi;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stowage.oci.Digest;
import org.junit.jupiter.api.Test;

class SnapshotTest {
  @Test
  void equalsAndHashCodeFollowTheDiffId() {
    Snapshot snapshot = new Snapshot(Digest.sha256("layer"));
    assertThat(snapshot).isEqualTo(new Snapshot(Digest.sha256("layer")))
        .hasSameHashCodeAs(new Snapshot(Digest.sha256("layer")))
        .isNotEqualTo(new Snapshot(Digest.sha256("other"))).isNotEqualTo(snapshot.diffId()).isNotEqualTo(null);
    // written out by hand: a new component must join them
    assertThat(Snapshot.class.getRecordComponents()).hasSize(1);
  }
}
