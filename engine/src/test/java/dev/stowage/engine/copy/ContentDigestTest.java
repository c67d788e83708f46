package dev.stowage.engine.copy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stowage.oci.DigestAlgorithm;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ContentDigestTest {
  @Test
  void fieldsAreLengthPrefixedInOrderHoweverTheyAreBatched() {
    Random random = new Random(3);
    MessageDigest reference = DigestAlgorithm.SHA256.jdkMessageDigest();
    try (ContentDigest digest = new ContentDigest(true)) {
      for (int i = 0; i < 3000; i++) {
        String written = "src-" + i;
        String matched = "dir/" + i;
        byte[] content = new byte[i % 97 == 0 ? 40_000 + i : random.nextInt(64)]; // some larger than a batch
        random.nextBytes(content);
        digest.beginSource(written, matched);
        digest.inline("file-" + i, content);
        for (String field : new String[] {"source", written, matched}) {
          field(reference, field.getBytes(StandardCharsets.UTF_8));
        }
        field(reference, "inline".getBytes(StandardCharsets.UTF_8));
        field(reference, ("file-" + i).getBytes(StandardCharsets.UTF_8));
        field(reference, DigestAlgorithm.SHA256.jdkMessageDigest().digest(content));
      }
      assertThat(digest.finish().encoded()).isEqualTo(HexFormat.of().formatHex(reference.digest()));
    }
  }

  private static void field(MessageDigest digest, byte[] bytes) {
    int n = bytes.length;
    digest.update(new byte[] {(byte) (n >>> 24), (byte) (n >>> 16), (byte) (n >>> 8), (byte) n});
    digest.update(bytes);
  }
}
