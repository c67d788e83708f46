package dev.stowage.secrets.redact;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

class UrlRedactorTest {
  @TestFactory
  Stream<DynamicTest> table() throws IOException {
    List<DynamicTest> tests = new ArrayList<>();
    try (InputStream in = UrlRedactorTest.class.getResourceAsStream("url-redaction.txt")) {
      String[] lines = new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n");
      for (int i = 0; i < lines.length; i++) {
        String line = lines[i];
        if (line.isBlank() || line.startsWith("#")) {
          continue;
        }
        int arrow = line.indexOf(" => ");
        String input = line.substring(0, arrow);
        String expected = line.substring(arrow + 4);
        tests.add(
            DynamicTest.dynamicTest(
                "line " + (i + 1) + ": " + input,
                () -> assertThat(UrlRedactor.redact(input)).isEqualTo(expected)));
      }
    }
    assertThat(tests).hasSizeGreaterThan(20);
    return tests.stream();
  }

  @Test
  void redactsAUri() {
    URI signed = URI.create("https://cdn.example/blob?sig=abc&digest=sha256:1");
    assertThat(UrlRedactor.redact(signed)).isEqualTo(URI.create("https://cdn.example/blob?sig=REDACTED&digest=sha256:1"));
  }

  @Test
  void redactsEveryUrlInsideText() {
    String message =
        "GET https://cdn.example/blob?sig=abc failed after redirect from https://u:pw@r.example/v2/x (status 403)";
    assertThat(UrlRedactor.redactUrlsIn(message))
        .isEqualTo(
            "GET https://cdn.example/blob?sig=REDACTED failed after redirect from https://u:REDACTED@r.example/v2/x"
                + " (status 403)");
    assertThat(UrlRedactor.redactUrlsIn("no url here")).isEqualTo("no url here");
    assertThat(UrlRedactor.redactUrlsIn("(see https://h/p?token=t1.) Then https://h/q?x=2, done"))
        .isEqualTo("(see https://h/p?token=REDACTED.) Then https://h/q?x=REDACTED, done");
  }

  @Test
  void redactingTwiceChangesNothingMore() {
    String once = UrlRedactor.redact("https://a:b@h/p?x=1&scope=s#f");
    assertThat(UrlRedactor.redact(once)).isEqualTo(once);
  }
}
