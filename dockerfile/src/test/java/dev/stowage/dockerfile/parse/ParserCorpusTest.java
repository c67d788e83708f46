package dev.stowage.dockerfile.parse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Every Dockerfile of the shared conformance and leak corpora parses, except the conformance case
 * {@code fail-unknown-instruction}, which must fail at its line 2. The corpus lives in {@code shared/} beside the
 * repository ({@code ../shared} from the project root, the parent of this module).
 */
class ParserCorpusTest {
  static final Path SHARED = Path.of("").toAbsolutePath().getParent().getParent().resolve("shared");

  @TestFactory
  Stream<DynamicTest> everyCorpusDockerfileParses() throws IOException {
    assumeTrue(Files.isDirectory(SHARED.resolve("conformance/cases")),
        "the shared corpus is not checked out at " + SHARED + " (expected as ../shared beside the repository)");
    List<Path> files;
    try (Stream<Path> conformance = Files.list(SHARED.resolve("conformance/cases"));
        Stream<Path> leaks = Files.isDirectory(SHARED.resolve("leaks/cases"))
            ? Files.list(SHARED.resolve("leaks/cases")) : Stream.empty()) {
      files = Stream.concat(conformance, leaks).map(d -> d.resolve("Dockerfile")).filter(Files::isRegularFile)
          .sorted().toList();
    }
    assertThat(files).hasSizeGreaterThan(50);
    return files.stream().map(f -> DynamicTest.dynamicTest(SHARED.relativize(f).toString(), () -> {
      String text = new String(Files.readAllBytes(f), StandardCharsets.UTF_8);
      if (f.getParent().getFileName().toString().equals("fail-unknown-instruction")) {
        DockerfileSyntaxException e = catchThrowableOfType(DockerfileSyntaxException.class,
            () -> DockerfileParser.parse(text, "Dockerfile"));
        assertThat(e).isNotNull();
        assertThat(e.getMessage()).isEqualTo("Dockerfile:2:1: unknown instruction: FROBNICATE");
        assertThat(e.excerpt()).contains("FROBNICATE all the things");
      } else {
        ParseResult result = DockerfileParser.parse(text, "Dockerfile");
        assertThat(result.dockerfile().stages()).isNotEmpty();
      }
    }));
  }
}
