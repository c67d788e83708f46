package dev.stowage.dockerfile.lint;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stowage.dockerfile.parse.DockerfileParser;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Every case under lint/cases: a Dockerfile, an optional context/ folder and buildargs.txt, and expect.txt listing
 * every finding ("line rule"), exactly.
 */
class LintCasesTest {

  @TestFactory
  Stream<DynamicTest> cases() throws IOException, URISyntaxException {
    Path root = Path.of(getClass().getResource("/lint/cases").toURI());
    List<Path> dirs;
    try (Stream<Path> list = Files.list(root)) {
      dirs = list.filter(Files::isDirectory).sorted().toList();
    }
    assertThat(dirs).hasSizeGreaterThanOrEqualTo(10);
    return dirs.stream().map(dir -> DynamicTest.dynamicTest(dir.getFileName().toString(), () -> check(dir)));
  }

  static LintResult lint(Path dir) throws IOException {
    String text = Files.readString(dir.resolve("Dockerfile"), StandardCharsets.UTF_8);
    Map<String, String> buildArgs = new LinkedHashMap<>();
    Path args = dir.resolve("buildargs.txt");
    if (Files.exists(args)) {
      for (String line : Files.readAllLines(args)) {
        int eq = line.indexOf('=');
        if (eq > 0) {
          buildArgs.put(line.substring(0, eq), line.substring(eq + 1));
        }
      }
    }
    Path context = dir.resolve("context");
    ContextView view = Files.isDirectory(context) ? new DirectoryContext(context) : ContextView.EMPTY;
    var parsed = DockerfileParser.parse(text, "Dockerfile").dockerfile();
    return Linter.lint(new LintRequest(parsed, "Dockerfile", text, buildArgs, view, LintConfig.defaults()));
  }

  private static void check(Path dir) throws IOException {
    LintResult result = lint(dir);
    List<String> expected = Files.readAllLines(dir.resolve("expect.txt")).stream()
        .filter(l -> !l.isBlank() && !l.startsWith("#")).map(String::strip).sorted().toList();
    List<String> actual = result.findings().stream().map(f -> f.line() + " " + f.rule().id()).sorted().toList();
    assertThat(actual).as(String.join("\n", result.findings().stream().map(Finding::toString).toList()))
        .containsExactlyElementsOf(expected);
    assertNoSecretPrinted(dir, result);
  }

  /** No finding prints a credential of the case: build-arg values, or any long token in the files. */
  private static void assertNoSecretPrinted(Path dir, LintResult result) throws IOException {
    StringBuilder printed = new StringBuilder();
    for (Finding f : result.findings()) {
      printed.append(f.message()).append('\n').append(f.match()).append('\n').append(f.fixHint().orElse("")).append('\n');
    }
    Path args = dir.resolve("buildargs.txt");
    if (Files.exists(args)) {
      for (String line : Files.readAllLines(args)) {
        String value = line.substring(line.indexOf('=') + 1);
        if (value.length() >= 8) {
          assertThat(printed.toString()).doesNotContain(value);
        }
      }
    }
    var secrets = java.util.regex.Pattern.compile("(?:ghp_|npm_|glpat-|xoxb-|AKIA|eyJ)[A-Za-z0-9_-]{10,}|![A-Za-z0-9]{5}");
    var m = secrets.matcher(Files.readString(dir.resolve("Dockerfile")));
    while (m.find()) {
      assertThat(printed.toString()).doesNotContain(m.group());
    }
  }
}
