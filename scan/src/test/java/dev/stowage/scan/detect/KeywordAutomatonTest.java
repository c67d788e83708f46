package dev.stowage.scan.detect;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stowage.detect.CredentialPatterns;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

class KeywordAutomatonTest {
  private static List<String> hits(KeywordAutomaton automaton, List<String> keywords, String text, int chunk) {
    List<String> found = new ArrayList<>();
    byte[] bytes = text.getBytes(StandardCharsets.US_ASCII);
    int state = 0;
    for (int i = 0; i < bytes.length; i += chunk) {
      int n = Math.min(chunk, bytes.length - i);
      state = automaton.scan(state, bytes, i, n, i, (k, end) -> found.add(keywords.get(k) + "@" + end));
    }
    return found;
  }

  @Test
  void findsOverlappingKeywordsIgnoringCaseAcrossChunks() {
    List<String> keywords = List.of("token", "auth_token", "ok", "xox");
    KeywordAutomaton automaton = new KeywordAutomaton(keywords);
    String text = "AUTH_TOKEN=1 xoXb tok ok";
    for (int chunk : new int[] {1, 3, 100}) {
      assertThat(hits(automaton, keywords, text, chunk))
          .containsExactly("ok@8", "auth_token@10", "token@10", "xox@16", "ok@21", "ok@24");
    }
  }

  @Test
  void everyCredentialPatternHasKeywordsWithinTheWindowLimits() {
    for (var pattern : CredentialPatterns.all()) {
      var spec = PatternKeywords.of(pattern);
      assertThat(spec).as(pattern.id()).isPresent();
      assertThat(spec.get().keywords()).as(pattern.id()).isNotEmpty()
          .allSatisfy(k -> assertThat(k).isEqualTo(k.toLowerCase(Locale.ROOT)).matches("\\p{ASCII}+"));
      assertThat(spec.get().before()).isLessThanOrEqualTo(PatternKeywords.MAX_BEFORE);
      assertThat(spec.get().after()).isLessThanOrEqualTo(PatternKeywords.MAX_AFTER);
      assertThat(spec.get().before() + spec.get().after() + 64).isLessThan(ContentScanner.MAX_REGION);
    }
  }
}
