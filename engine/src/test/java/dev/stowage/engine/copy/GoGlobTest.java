package dev.stowage.engine.copy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

class GoGlobTest {
  @TestFactory
  Stream<DynamicTest> matchesLikeGoFilepathMatch() throws IOException {
    List<String> lines;
    try (InputStream in = GoGlobTest.class.getResourceAsStream("/copy/go-match-cases.tsv")) {
      lines = new String(in.readAllBytes(), StandardCharsets.UTF_8).lines()
          .filter(l -> !l.isBlank() && !l.startsWith("#")).toList();
    }
    assertThat(lines).hasSizeGreaterThan(50);
    return lines.stream().map(line -> {
      String[] f = line.split("\t", -1);
      return DynamicTest.dynamicTest(f[0] + " ~ " + f[1] + " -> " + f[2], () -> {
        if (f[2].equals("bad")) {
          assertThatThrownBy(() -> GoGlob.matches(f[0], f[1])).isInstanceOf(GoGlob.BadPatternException.class);
        } else {
          assertThat(GoGlob.matches(f[0], f[1])).isEqualTo(Boolean.parseBoolean(f[2]));
        }
      });
    });
  }

  @Test
  void wildcardsAreFoundOutsideEscapesOnly() {
    assertThat(GoGlob.hasWildcards("a*")).isTrue();
    assertThat(GoGlob.hasWildcards("a?")).isTrue();
    assertThat(GoGlob.hasWildcards("[ab]")).isTrue();
    assertThat(GoGlob.hasWildcards("a\\*b")).isFalse();
    assertThat(GoGlob.hasWildcards("plain.txt")).isFalse();
  }
}
