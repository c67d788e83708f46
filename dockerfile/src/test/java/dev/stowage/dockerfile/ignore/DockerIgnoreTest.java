package dev.stowage.dockerfile.ignore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DockerIgnoreTest {

  /** Every case of ignore/cases.txt, one dynamic test per path. */
  @TestFactory
  Stream<DynamicTest> cases() throws IOException {
    List<DynamicTest> tests = new ArrayList<>();
    String text;
    try (InputStream in = getClass().getResourceAsStream("/ignore/cases.txt")) {
      text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    String[] blocks = text.split("(?m)^=== ");
    for (int b = 1; b < blocks.length; b++) {
      String block = blocks[b];
      String name = block.substring(0, block.indexOf('\n'));
      String body = block.substring(block.indexOf('\n') + 1);
      int separator = body.indexOf("\n---\n");
      String ignoreFile = body.substring(0, separator + 1);
      DockerIgnore ignore = DockerIgnore.parse(ignoreFile, ".dockerignore");
      for (String line : body.substring(separator + 5).split("\n")) {
        if (line.length() < 3) {
          continue;
        }
        boolean excluded = line.charAt(0) == '-';
        String path = line.substring(2);
        tests.add(DynamicTest.dynamicTest(name + ": " + line,
            () -> assertThat(ignore.excludes(path)).as("%s with %s", path, ignore).isEqualTo(excluded)));
      }
    }
    assertThat(tests).hasSizeGreaterThan(40);
    return tests.stream();
  }

  @Test
  void theContextRootIsNeverExcluded() {
    assertThat(DockerIgnore.parse("*\n**\n.\n", ".dockerignore").excludes(".")).isFalse();
  }

  @Test
  void readsLikeMobyIgnorefile() {
    DockerIgnore ignore = DockerIgnore.parse("\uFEFFtest1\n/test2\n/a/file/here\n\nlastfile\n# comment\n! /inverted/abs/path\n",
        ".dockerignore");
    assertThat(ignore.patterns()).extracting(Object::toString)
        .containsExactly("test1", "test2", "a/file/here", "lastfile", "!inverted/abs/path");
    assertThat(ignore.hasExclusions()).isTrue();
  }

  @Test
  void aLoneExclamationMarkIsAnErrorNamingTheLine() {
    assertThatThrownBy(() -> DockerIgnore.parse("ok\n!\n", "ctx/.dockerignore"))
        .isInstanceOf(DockerIgnoreException.class)
        .hasMessage("ctx/.dockerignore:2: illegal exclusion pattern: \"!\"");
  }

  @Test
  void anUnbalancedBracketIsAnError() {
    assertThatThrownBy(() -> DockerIgnore.parse("a\n[abc\n", ".dockerignore"))
        .isInstanceOf(DockerIgnoreException.class)
        .hasMessageStartingWith(".dockerignore:2: syntax error in pattern");
  }

  @ParameterizedTest
  @CsvSource({"a/b/../c, a/c", "./a//b/, a/b", "/../a, /a", "../a/.., ..", "'', .", "a/../.., ..", "/, /",
      "a/./b/., a/b"})
  void cleansLikeGo(String in, String out) {
    assertThat(SlashPaths.clean(in)).isEqualTo(out);
  }

  @ParameterizedTest
  @CsvSource({"a/b/c, a/b", "a, .", "/a, /", "a/b/, a/b"})
  void dirLikeGo(String in, String out) {
    assertThat(SlashPaths.dir(in)).isEqualTo(out);
  }
}
