package dev.stowage.dockerfile.parse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Negative cases from {@code src/test/resources/parser-errors.txt}: each Dockerfile must fail with exactly the
 * message line given (file, line, column, problem and hint).
 */
class ParserErrorsTest {
  private static final Path TABLE = Path.of("src/test/resources/parser-errors.txt");

  record Case(String name, String dockerfile, String expected) {}

  static List<Case> cases() throws IOException {
    List<Case> out = new ArrayList<>();
    String name = null;
    StringBuilder body = new StringBuilder();
    boolean inExpected = false;
    for (String line : Files.readAllLines(TABLE)) {
      if (line.startsWith("### ")) {
        name = line.substring(4);
        body.setLength(0);
        inExpected = false;
      } else if (line.equals("---") && name != null) {
        inExpected = true;
      } else if (inExpected) {
        out.add(new Case(name, body.toString(), line));
        name = null;
        inExpected = false;
      } else if (name != null) {
        body.append(line).append('\n');
      }
    }
    return out;
  }

  @TestFactory
  Stream<DynamicTest> everyCaseFailsWithItsMessage() throws IOException {
    List<Case> cases = cases();
    assertThat(cases).hasSizeGreaterThan(40);
    return cases.stream().map(c -> DynamicTest.dynamicTest(c.name(), () -> {
      DockerfileSyntaxException e = catchThrowableOfType(DockerfileSyntaxException.class,
          () -> DockerfileParser.parse(c.dockerfile(), "Dockerfile"));
      assertThat(e).as("%s should fail to parse", c.name()).isNotNull();
      assertThat(e.getMessage()).isEqualTo(c.expected());
      assertThat(e.getMessage()).doesNotContain("\n");
    }));
  }

  @Test
  void exceptionOffersQuotedLineCaretAndHint() {
    DockerfileSyntaxException e = catchThrowableOfType(DockerfileSyntaxException.class,
        () -> DockerfileParser.parse("FROM alpine\n\tCOPPY . /app\n", "build/Dockerfile"));
    assertThat(e.fileName()).isEqualTo("build/Dockerfile");
    assertThat(e.line()).isEqualTo(2);
    assertThat(e.column()).isEqualTo(2);
    assertThat(e.problem()).isEqualTo("unknown instruction: COPPY");
    assertThat(e.hint()).contains("did you mean COPY?");
    assertThat(e.sourceLine()).isEqualTo("\tCOPPY . /app");
    assertThat(e.excerpt()).isEqualTo(" 2 |  COPPY . /app\n   |  ^^^^^");
    assertThat(e.detailedMessage()).startsWith("build/Dockerfile:2:2: unknown instruction: COPPY (did you mean COPY?)\n")
        .endsWith("hint: did you mean COPY?");
  }

  @Test
  void multiLineInstructionPointsAtThePhysicalLineOfTheProblem() {
    DockerfileSyntaxException e = catchThrowableOfType(DockerfileSyntaxException.class,
        () -> DockerfileParser.parse("FROM alpine\nRUN --mount=type=cache,target=/a \\\n    --mount=type=secret,id=x,sharing=locked \\\n    true\n", "Dockerfile"));
    assertThat(e.getMessage()).isEqualTo("Dockerfile:3:30: invalid cache sharing set for secret mount"
        + " (sharing= applies to type=cache only)");
    assertThat(e.sourceLine()).isEqualTo("    --mount=type=secret,id=x,sharing=locked \\");
  }

  @Test
  void nullArgumentsAreRejected() {
    assertThatThrownBy(() -> DockerfileParser.parse(null, "Dockerfile")).isInstanceOf(NullPointerException.class);
  }
}
