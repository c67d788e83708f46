package dev.stowage.dockerfile.parse;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class SuggestionsTest {
  private static final List<String> KEYWORDS = List.of("ADD", "ARG", "CMD", "COPY", "ENTRYPOINT", "ENV", "EXPOSE",
      "FROM", "HEALTHCHECK", "LABEL", "MAINTAINER", "ONBUILD", "RUN", "SHELL", "STOPSIGNAL", "USER", "VOLUME",
      "WORKDIR");

  @Test
  void levenshteinDistances() {
    assertThat(Suggestions.levenshtein("", "")).isZero();
    assertThat(Suggestions.levenshtein("kitten", "sitting")).isEqualTo(3);
    assertThat(Suggestions.levenshtein("COPY", "COPPY")).isEqualTo(1);
    assertThat(Suggestions.levenshtein("abc", "")).isEqualTo(3);
    assertThat(Suggestions.levenshtein("chwon", "chown")).isEqualTo(2);
  }

  @Test
  void suggestsPlausibleTyposOnly() {
    assertThat(Suggestions.closest("COPPY", KEYWORDS, false)).contains("COPY");
    assertThat(Suggestions.closest("workdri", KEYWORDS, false)).contains("WORKDIR");
    assertThat(Suggestions.closest("healtcheck", KEYWORDS, false)).contains("HEALTHCHECK");
    assertThat(Suggestions.closest("FROBNICATE", KEYWORDS, false)).isEmpty();
    assertThat(Suggestions.closest("X", KEYWORDS, false)).isEmpty();
    assertThat(Suggestions.closest("", KEYWORDS, false)).isEmpty();
    assertThat(Suggestions.closest("copy", KEYWORDS, true)).isEmpty();
    assertThat(Suggestions.closest("copy", KEYWORDS, false)).contains("COPY");
  }
}
