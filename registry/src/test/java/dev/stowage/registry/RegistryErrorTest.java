package dev.stowage.registry;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class RegistryErrorTest {
  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void readsCodesMessagesAndShortTextualDetailsOnce() {
    String body = """
        {"errors":[
          {"code":"MANIFEST_BLOB_UNKNOWN","message":"blob unknown to registry","detail":"sha256:abc"},
          {"code":"MANIFEST_BLOB_UNKNOWN","message":"blob unknown to registry","detail":"sha256:abc"},
          {"code":"UNAUTHORIZED","message":"authentication required","detail":[{"Type":"repository","Name":"a"}]},
          {"message":"no code: skipped"}
        ]}""";

    assertThat(RegistryError.listFrom(utf8(body))).containsExactly(
        new RegistryError("MANIFEST_BLOB_UNKNOWN", "blob unknown to registry (sha256:abc)"),
        new RegistryError("UNAUTHORIZED", "authentication required"));
  }

  @Test
  void redactsUrlsInMessagesAndIgnoresBodiesThatAreNotErrorDocuments() {
    assertThat(RegistryError.listFrom(utf8(
            "{\"errors\":[{\"code\":\"DENIED\",\"message\":\"see https://s3/x?X-Amz-Signature=abc\"}]}")))
        .containsExactly(new RegistryError("DENIED", "see https://s3/x?X-Amz-Signature=REDACTED"));
    assertThat(RegistryError.listFrom(utf8("<html>502 Bad Gateway</html>"))).isEmpty();
    assertThat(RegistryError.listFrom(new byte[0])).isEmpty();
    assertThat(RegistryError.listFrom(utf8("{\"errors\":\"nope\"}"))).isEmpty();
  }
}
