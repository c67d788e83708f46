package dev.stowage.detect;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class RedactionTest {
  @Test
  void redactsEveryCredentialAndKeepsTheRest() {
    String text = "RUN wget --header \"Authorization: Bearer xoxb-12768426846-5632122330792-qsajAIxNKu8iS2G8NPRVdD53\""
        + " https://u:s6qyaMdUS1HX6CIjvL@pypi.example.com/simple/ && echo done";
    String redacted = Redaction.redactCredentials(text);
    assertThat(redacted)
        .isEqualTo("RUN wget --header \"Authorization: Bearer xoxb-****\" https://u:****@pypi.example.com/simple/"
            + " && echo done")
        .doesNotContain("qsajAIxNKu8iS2G8NPRVdD53")
        .doesNotContain("s6qyaMdUS1HX6CIjvL");
  }

  @Test
  void masksKnownValuesLongestFirstAndIgnoresShortOnes() {
    assertThat(Redaction.redact("pw=Winter2024!shop user=abc token=Winter2024", List.of("Winter2024", "Winter2024!shop",
        "abc")))
        .isEqualTo("pw=**** user=abc token=****");
  }

  @Test
  void textWithoutSecretsIsUnchanged() {
    String text = "ENV TOKEN_URL=https://auth.example.com/oauth/token PASSWORD_MIN_LENGTH=8";
    assertThat(Redaction.redactCredentials(text)).isEqualTo(text);
  }
}
