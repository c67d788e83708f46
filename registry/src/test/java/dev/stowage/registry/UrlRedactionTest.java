package dev.stowage.registry;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import org.junit.jupiter.api.Test;

class UrlRedactionTest {
  @Test
  void keepsTheProtocolsOwnQueryParametersAndRedactsEveryOther() {
    String url = "https://storage.example/blobs/x?X-Amz-Signature=abc123&X-Amz-Credential=AKIA%2F&digest=sha256:00"
        + "&scope=repository:a:pull&service=reg&mount=sha256:11&from=base&n=10&last=b&_state=opaque";

    assertThat(UrlRedaction.redact(URI.create(url)))
        .isEqualTo("https://storage.example/blobs/x?X-Amz-Signature=REDACTED&X-Amz-Credential=REDACTED"
            + "&digest=sha256:00&scope=repository:a:pull&service=reg&mount=sha256:11&from=base&n=10&last=b"
            + "&_state=REDACTED");
  }

  @Test
  void removesUserInfoAndFragment() {
    assertThat(UrlRedaction.redact(URI.create("https://user:pa55word@registry.example:5000/v2/?sig=1#frag")))
        .isEqualTo("https://registry.example:5000/v2/?sig=REDACTED#REDACTED");
    assertThat(UrlRedaction.redact("https://user:pa55word@registry.example/v2/a b?token=x"))
        .isEqualTo("https://registry.example/v2/a b?token=REDACTED");
  }

  @Test
  void scrubsUrlsInsideFreeText() {
    assertThat(UrlRedaction.scrub("failed to GET https://u:p@s3.example/b?sig=SECRET, then http://h/x?n=1 too"))
        .isEqualTo("failed to GET https://s3.example/b?sig=REDACTED, then http://h/x?n=1 too");
    assertThat(UrlRedaction.scrub(null)).isEmpty();
  }

  @Test
  void aBareQueryWordIsRedactedToo() {
    assertThat(UrlRedaction.redact("https://s3.example/b?c2lnbmF0dXJl&n=2")).isEqualTo("https://s3.example/b?REDACTED&n=2");
  }

  @Test
  void aUrlWithoutQueryIsUnchanged() {
    assertThat(UrlRedaction.redact(URI.create("http://127.0.0.1:5000/v2/app/blobs/sha256:ab")))
        .isEqualTo("http://127.0.0.1:5000/v2/app/blobs/sha256:ab");
  }
}
