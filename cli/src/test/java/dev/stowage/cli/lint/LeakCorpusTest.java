package dev.stowage.cli.lint;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import picocli.CommandLine;

/**
 * Replays the shared leak corpus (../shared/leaks/cases, or $STOWAGE_LEAK_CORPUS) the way its score script does:
 * every required lint expectation is found on its instruction with an accepted rule, no finding falls on a line
 * that expects none, and no output holds a listed secret value. Skipped where the corpus is not checked out.
 */
class LeakCorpusTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TestFactory
  Stream<DynamicTest> leakCorpus() throws IOException {
    String configured = System.getenv("STOWAGE_LEAK_CORPUS");
    Path root = configured != null ? Path.of(configured) : Path.of("/work/shared/leaks/cases");
    Assumptions.assumeTrue(Files.isDirectory(root), "no leak corpus at " + root);
    List<Path> cases;
    try (Stream<Path> list = Files.list(root)) {
      cases = list.filter(p -> Files.exists(p.resolve("case.json"))).sorted().toList();
    }
    return cases.stream().map(c -> DynamicTest.dynamicTest(c.getFileName().toString(), () -> check(c)));
  }

  /** The conformance Dockerfiles are correct uses of secrets: no secret rule fires, except on the one leak case. */
  @TestFactory
  Stream<DynamicTest> conformanceDockerfilesHaveNoSecretFalsePositives() throws IOException {
    Path root = Path.of("/work/shared/conformance/cases");
    Assumptions.assumeTrue(Files.isDirectory(root), "no conformance corpus at " + root);
    List<Path> cases;
    try (Stream<Path> list = Files.list(root)) {
      cases = list.filter(p -> Files.exists(p.resolve("Dockerfile"))).sorted().toList();
    }
    return cases.stream().map(c -> DynamicTest.dynamicTest(c.getFileName().toString(), () -> {
      JsonNode spec = Files.exists(c.resolve("case.json")) ? JSON.readTree(c.resolve("case.json").toFile())
          : JSON.createObjectNode();
      List<String> args = new ArrayList<>(List.of("--format", "json"));
      spec.path("build_args").properties().forEach(e -> {
        args.add("--build-arg");
        args.add(e.getKey() + "=" + e.getValue().asText());
      });
      Path context = Files.isDirectory(c.resolve("context")) ? c.resolve("context") : c;
      args.addAll(List.of("-f", c.resolve("Dockerfile").toString(), context.toString()));
      StringWriter out = new StringWriter();
      CommandLine cli = new CommandLine(new LintCommand());
      cli.setOut(new PrintWriter(out));
      cli.setErr(new PrintWriter(new StringWriter()));
      cli.execute(args.toArray(String[]::new));
      boolean leakExpected = spec.path("leak_expected").asBoolean(false);
      for (String line : out.toString().split("\n")) {
        if (!line.isBlank() && JSON.readTree(line).get("rule").asText().startsWith("secret-")) {
          assertThat(leakExpected).as("secret finding in a clean conformance case: %s", line).isTrue();
        }
      }
    }));
  }

  private static void check(Path dir) throws IOException {
    JsonNode spec = JSON.readTree(dir.resolve("case.json").toFile());
    JsonNode build = spec.path("build");
    Path dockerfile = dir.resolve(build.path("dockerfile").asText("Dockerfile"));
    Path context = dir.resolve(build.path("context").asText("context"));
    List<String> args = new ArrayList<>(List.of("--format", "json"));
    List<String> secrets = new ArrayList<>();
    build.path("args").properties().forEach(e -> {
      args.add("--build-arg");
      args.add(e.getKey() + "=" + e.getValue().asText());
      secrets.add(e.getValue().asText());
    });
    spec.path("known_values").forEach(v -> secrets.add(v.asText()));
    args.addAll(List.of("-f", dockerfile.toString(), context.toString()));

    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cli = new CommandLine(new LintCommand());
    cli.setOut(new PrintWriter(out));
    cli.setErr(new PrintWriter(err));
    cli.execute(args.toArray(String[]::new));

    List<String> lines = Files.readAllLines(dockerfile);
    List<JsonNode> findings = new ArrayList<>();
    for (String line : out.toString().split("\n")) {
      if (!line.isBlank()) {
        findings.add(JSON.readTree(line));
      }
    }
    List<int[]> expectedSpans = new ArrayList<>();
    for (JsonNode e : spec.path("expect").path("lint")) {
      int[] span = span(lines, e.get("line").asInt());
      expectedSpans.add(span);
      if (e.path("optional").asBoolean(false)) {
        continue;
      }
      List<String> accepted = new ArrayList<>();
      e.get("rules").forEach(r -> accepted.add(r.asText()));
      assertThat(findings).as("line %d of %s expects one of %s; got %s", e.get("line").asInt(), dir.getFileName(),
              accepted, out)
          .anyMatch(f -> f.get("line").asInt() >= span[0] && f.get("line").asInt() <= span[1]
              && accepted.contains(f.get("rule").asText()));
    }
    for (JsonNode f : findings) {
      int line = f.get("line").asInt();
      assertThat(expectedSpans).as("unexpected finding %s", f).anyMatch(s -> line >= s[0] && line <= s[1]);
    }
    for (String secret : secrets) {
      if (secret.length() >= 8) {
        assertThat(out.toString() + err).as("output of %s holds a secret value", dir.getFileName())
            .doesNotContain(secret);
      }
    }
  }

  /** First and last line of the instruction holding {@code line}, as the corpus score script computes them. */
  private static int[] span(List<String> lines, int line) {
    int i = 0;
    while (i < lines.size()) {
      String s = lines.get(i).strip();
      if (s.isEmpty() || s.startsWith("#")) {
        i++;
        continue;
      }
      int start = i;
      while (lines.get(i).stripTrailing().endsWith("\\") && i + 1 < lines.size()) {
        i++;
        while (i + 1 < lines.size() && lines.get(i).strip().startsWith("#")) {
          i++;
        }
      }
      if (line >= start + 1 && line <= i + 1) {
        return new int[] {start + 1, i + 1};
      }
      i++;
    }
    return new int[] {line, line};
  }
}
