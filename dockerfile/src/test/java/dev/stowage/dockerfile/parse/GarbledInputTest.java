package dev.stowage.dockerfile.parse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.stowage.dockerfile.ast.AstDump;
import dev.stowage.dockerfile.ast.Dockerfile;
import dev.stowage.dockerfile.expand.ExpansionException;
import dev.stowage.dockerfile.expand.Platform;
import dev.stowage.dockerfile.expand.ShellLexer;
import dev.stowage.dockerfile.expand.VariableScopes;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Hostile input never escapes as anything but a result or a DockerfileSyntaxException, and never hangs. The
 * timeouts are generous hang guards, not performance assertions.
 */
class GarbledInputTest {
  private static final Duration GUARD = Duration.ofSeconds(60);

  /** Parses, and on success also dumps and resolves scopes, so those paths see the garbage too. */
  private static void parseOrSyntaxError(String text) {
    try {
      Dockerfile df = DockerfileParser.parse(text, "Dockerfile").dockerfile();
      if (text.length() < 100_000) { // the dump is a test aid; keep the big cases about the parser
        AstDump.dump(df);
      }
      VariableScopes.resolve(df, Map.of("A", "1"), Platform.parse("linux/amd64"));
    } catch (DockerfileSyntaxException expected) {
      assertThat(expected.getMessage()).startsWith("Dockerfile:").doesNotContain("\n");
      assertThat(expected.excerpt()).isNotNull();
    }
  }

  private static List<String> realDockerfiles() throws IOException {
    try (Stream<Path> dirs = Files.list(Path.of("src/test/resources/parser"))) {
      return dirs.map(d -> d.resolve("Dockerfile")).filter(Files::exists).sorted().map(p -> {
        try {
          return new String(Files.readAllBytes(p), StandardCharsets.UTF_8);
        } catch (IOException e) {
          throw new IllegalStateException(e);
        }
      }).toList();
    }
  }

  @Test
  void randomBytes() {
    assertTimeoutPreemptively(GUARD, () -> {
      Random random = new Random(20240611);
      String alphabet = "FROMRUNCOPYADDARGENV \t\n\r\\`\"'$#{}[]:-+?%/<>=,*@0123456789abcxyz\u00e9\u00a0\uFEFF";
      for (int i = 0; i < 3000; i++) {
        int length = random.nextInt(400);
        StringBuilder b = new StringBuilder();
        if (random.nextBoolean()) {
          b.append("FROM alpine\n");
        }
        for (int j = 0; j < length; j++) {
          b.append(random.nextInt(10) == 0 ? (char) random.nextInt(0x3000)
              : alphabet.charAt(random.nextInt(alphabet.length())));
        }
        parseOrSyntaxError(b.toString());
        byte[] raw = new byte[random.nextInt(300)];
        random.nextBytes(raw);
        parseOrSyntaxError(new String(raw, StandardCharsets.UTF_8));
        parseOrSyntaxError(new String(raw, StandardCharsets.ISO_8859_1));
      }
    });
  }

  @Test
  void everyPrefixOfRealDockerfiles() {
    assertTimeoutPreemptively(GUARD, () -> {
      for (String text : realDockerfiles()) {
        for (int end = 0; end <= text.length(); end++) {
          parseOrSyntaxError(text.substring(0, end));
        }
      }
    });
  }

  @Test
  void oneMegabyteLine() {
    assertTimeoutPreemptively(GUARD, () -> {
      String big = "x".repeat(1 << 20);
      parseOrSyntaxError("FROM alpine\nRUN echo " + big + "\n");
      parseOrSyntaxError("FROM alpine\nENV " + "A=b ".repeat(1 << 18) + "\n");
      parseOrSyntaxError("FROM alpine\nLABEL " + "\"k\"=\"v v\" ".repeat(1 << 17) + "\n");
      parseOrSyntaxError("FROM alpine\nCOPY " + "a ".repeat(1 << 19) + "/d\n");
      parseOrSyntaxError("FROM alpine\nCMD [" + "\"a\",".repeat(1 << 18) + "\"b\"]\n");
      parseOrSyntaxError("FROM alpine\nCMD " + "[".repeat(1 << 20) + "\n");
      parseOrSyntaxError("FROM alpine\nRUN --mount=" + "type=cache,".repeat(1 << 16) + "target=/x true\n");
      parseOrSyntaxError("# escape=" + " ".repeat(1 << 20) + "x\nFROM alpine\n");
      parseOrSyntaxError("FROM alpine\nRUN <<EOF " + "<<".repeat(1 << 18) + "\n");
      parseOrSyntaxError("FROM alpine\nRUN x " + "\\ ".repeat(1 << 19) + "\n");
      parseOrSyntaxError("FROM alpine\nARG " + "${".repeat(1 << 18) + "\n");
      parseOrSyntaxError("FROM alpine\nENV A=" + "${B:-".repeat(1 << 16) + "x" + "}".repeat(1 << 16) + "\n");
    });
  }

  @Test
  void tenThousandContinuationLines() {
    assertTimeoutPreemptively(GUARD, () -> {
      StringBuilder b = new StringBuilder("FROM alpine\nRUN echo \\\n");
      for (int i = 0; i < 10_000; i++) {
        b.append("    arg").append(i).append(i % 3 == 0 ? " \\\n# comment\n" : " \\\n");
      }
      b.append("    done\n");
      ParseResult result = DockerfileParser.parse(b.toString(), "Dockerfile");
      assertThat(result.dockerfile().stages().get(0).body().get(0).range().endLine()).isGreaterThan(10_000);
      StringBuilder blanks = new StringBuilder("FROM alpine\nRUN echo \\\n");
      blanks.append("\n".repeat(10_000)).append("x\n");
      parseOrSyntaxError(blanks.toString());
      parseOrSyntaxError("FROM alpine\n" + "RUN a \\\n".repeat(10_000));
      parseOrSyntaxError("FROM alpine\n" + "RUN <<EOF\n".repeat(10_000));
    });
  }

  @Test
  void deeplyNestedSubstitutionsStayBounded() {
    assertTimeoutPreemptively(GUARD, () -> {
      ShellLexer lexer = ShellLexer.of('\\');
      for (int depth : new int[] {10, 150, ShellLexer.MAX_NESTING + 1, 5_000, 100_000}) {
        String word = "${A:-".repeat(depth) + "x" + "}".repeat(depth);
        try {
          assertThat(lexer.processWord(word, Map.of()).value()).isEqualTo("x");
        } catch (ExpansionException tooDeep) {
          assertThat(depth).isGreaterThan(ShellLexer.MAX_NESTING);
          assertThat(tooDeep.getMessage()).contains("nested more than");
        }
        String unclosed = "${A:-".repeat(depth);
        try {
          lexer.processWord(unclosed, Map.of());
        } catch (ExpansionException expected) {
          assertThat(expected.getMessage()).startsWith("failed to process");
        }
      }
      String big = "a".repeat(200_000);
      String pattern = "*a".repeat(300) + "b";
      try {
        lexer.processWord("${V%%" + pattern + "} ${V//" + pattern + "/x} ${V#*a*a*a*a*b}", Map.of("V", big));
      } catch (ExpansionException tooLarge) {
        assertThat(tooLarge.getMessage()).contains("too large");
      }
      assertThat(lexer.processWord("${V//a/b}", Map.of("V", big)).value()).isEqualTo("b".repeat(200_000));
    });
  }
}
