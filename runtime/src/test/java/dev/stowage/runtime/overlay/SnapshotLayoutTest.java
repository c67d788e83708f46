package dev.stowage.runtime.overlay;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stowage.oci.Digest;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

class SnapshotLayoutTest {
  private static final Digest A = Digest.sha256("layer a");
  private static final Digest B = Digest.sha256("layer b");
  private static final Digest C = Digest.sha256("layer c");

  @Test
  void aLayerIdIsAShortStablePrefixOfItsDiffId() {
    assertThat(SnapshotLayout.layerId(A)).isEqualTo("sha256-" + A.hex().substring(0, 16));
  }

  @Test
  void chainIdsFollowTheImageSpec() throws Exception {
    MessageDigest sha = MessageDigest.getInstance("SHA-256");
    String ab = "sha256:" + HexFormat.of().formatHex(sha.digest((A + " " + B).getBytes(StandardCharsets.UTF_8)));
    String abc = "sha256:" + HexFormat.of().formatHex(sha.digest((ab + " " + C).getBytes(StandardCharsets.UTF_8)));

    assertThat(SnapshotLayout.chainId(List.of(A))).isEqualTo(A);
    assertThat(SnapshotLayout.chainId(List.of(A, B, C)).toString()).isEqualTo(abc);
    assertThat(SnapshotLayout.flatId(List.of(A, B, C))).isEqualTo("flat-" + abc.substring(7, 23));
  }

  @Test
  void linkNamesAreShortStableAndLongerOnRetry() {
    String id = SnapshotLayout.layerId(A);

    assertThat(SnapshotLayout.linkName(id, 0)).matches("[A-Z2-7]{10}").isEqualTo(SnapshotLayout.linkName(id, 0));
    assertThat(SnapshotLayout.linkName(id, 2)).hasSize(12).startsWith(SnapshotLayout.linkName(id, 0));
    assertThat(SnapshotLayout.linkName(SnapshotLayout.layerId(B), 0)).isNotEqualTo(SnapshotLayout.linkName(id, 0));
  }
}
