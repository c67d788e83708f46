package dev.stowage.dockerfile.parse;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stowage.dockerfile.ast.AstDump;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Golden tests: every {@code src/test/resources/parser/<case>/Dockerfile} parses to the AST dump in
 * {@code expected.txt} beside it. Regenerate with {@code -Dstowage.golden.update=true} and review the diff.
 */
class ParserGoldenTest {
  static final Path CASES = Path.of("src/test/resources/parser");
  static final boolean UPDATE = Boolean.getBoolean("stowage.golden.update");

  @TestFactory
  Stream<DynamicTest> goldenCases() throws IOException {
    assertThat(CASES).isDirectory();
    return Files.list(CASES).filter(Files::isDirectory).sorted()
        .map(dir -> DynamicTest.dynamicTest(dir.getFileName().toString(), () -> check(dir)));
  }

  private static void check(Path dir) {
    try {
      String text = new String(Files.readAllBytes(dir.resolve("Dockerfile")), StandardCharsets.UTF_8);
      String actual = AstDump.dump(DockerfileParser.parse(text, "Dockerfile").dockerfile());
      Path expectedFile = dir.resolve("expected.txt");
      if (UPDATE) {
        Files.writeString(expectedFile, actual);
      }
      assertThat(expectedFile).as("%s has no expected.txt: run once with -Dstowage.golden.update=true and review it",
          dir).exists();
      assertThat(actual).as("AST dump of %s (regenerate with -Dstowage.golden.update=true)", dir)
          .isEqualTo(Files.readString(expectedFile));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
