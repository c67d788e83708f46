package dev.stowage.cli.lint;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.stowage.cli.Main;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class LintCommandTest {
  private static final String TOKEN = "ghp_u8jzPde0IgxLd6GncfBAepfJBd0Kh8oOOL8d";
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;

  private record Run(int exit, String out, String err) {
    List<JsonNode> jsonLines() throws IOException {
      List<JsonNode> nodes = new ArrayList<>();
      for (String line : out.split("\n")) {
        if (!line.isBlank()) {
          nodes.add(JSON.readTree(line));
        }
      }
      return nodes;
    }
  }

  private Run lint(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cli = new CommandLine(new LintCommand());
    cli.setOut(new PrintWriter(out));
    cli.setErr(new PrintWriter(err));
    int exit = cli.execute(args);
    return new Run(exit, out.toString(), err.toString());
  }

  /** Through the real root command and its error handler, capturing the process streams. */
  private static Run main(String... args) {
    PrintStream oldOut = System.out;
    PrintStream oldErr = System.err;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    try {
      System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
      System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
      int exit = Main.run(args);
      return new Run(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    } finally {
      System.setOut(oldOut);
      System.setErr(oldErr);
    }
  }

  private Path write(String name, String content) throws IOException {
    Path p = dir.resolve(name);
    Files.createDirectories(p.getParent());
    Files.writeString(p, content, StandardCharsets.UTF_8);
    return p;
  }

  @Test
  void jsonIsOneFindingPerLineInTheCorpusFormat() throws IOException {
    write("Dockerfile", "FROM alpine:3.20\nARG GITHUB_TOKEN\nRUN echo ok\n");
    Run run = lint("--format", "json", dir.toString());
    assertThat(run.exit()).isEqualTo(3);
    List<JsonNode> findings = run.jsonLines();
    assertThat(findings).hasSize(1);
    JsonNode f = findings.getFirst();
    assertThat(f.get("kind").asText()).isEqualTo("lint");
    assertThat(f.get("file").asText()).endsWith("Dockerfile");
    assertThat(f.get("line").asInt()).isEqualTo(2);
    assertThat(f.get("rule").asText()).isEqualTo("secret-arg");
    assertThat(f.get("match").asText()).isEqualTo("ARG GITHUB_TOKEN");
    assertThat(f.get("buildkit").asText()).isEqualTo("SecretsUsedInArgOrEnv");
    assertThat(f.get("severity").asText()).isEqualTo("error");
  }

  @Test
  void aCredentialBuildArgIsReportedButNeverPrinted() throws IOException {
    Path dockerfile = write("Dockerfile", "FROM alpine:3.20\nARG DEPLOY_HOOK\nRUN echo ok\n");
    Run run = lint("--format", "json", "--build-arg", "DEPLOY_HOOK=" + TOKEN, "-f", dockerfile.toString(),
        dir.toString());
    assertThat(run.exit()).isEqualTo(3);
    assertThat(run.out()).contains("\"rule\":\"secret-arg\"").contains("ghp_****").doesNotContain(TOKEN);
    assertThat(run.err()).doesNotContain(TOKEN);
    Run text = lint("--build-arg", "DEPLOY_HOOK=" + TOKEN, dir.toString());
    assertThat(text.out() + text.err()).doesNotContain(TOKEN);
  }

  @Test
  void textIsFileLineColumnRuleMessageAndAHint() throws IOException {
    write("Dockerfile", "FROM alpine:3.20\nARG GITHUB_TOKEN\n");
    Run run = lint(dir.toString());
    String[] lines = run.out().split("\n");
    assertThat(lines[0]).matches(".*Dockerfile:2:5: secret-arg \\[SecretsUsedInArgOrEnv\\]: ARG GITHUB_TOKEN: .*");
    assertThat(lines[1]).startsWith("  hint: pass it as a build secret");
    assertThat(run.err()).contains("1 finding, 1 at error level");
  }

  @Test
  void sarifIsAValidSarif210Document() throws IOException {
    write("Dockerfile", "FROM alpine:3.20\nARG GITHUB_TOKEN\nCMD echo hi\n");
    Run run = lint("--format", "sarif", dir.toString());
    JsonNode doc = JSON.readTree(run.out());
    assertThat(doc.get("version").asText()).isEqualTo("2.1.0");
    JsonNode sarifRun = doc.get("runs").get(0);
    assertThat(sarifRun.at("/tool/driver/name").asText()).isEqualTo("stowage");
    JsonNode results = sarifRun.get("results");
    assertThat(results).hasSize(2);
    JsonNode first = results.get(0);
    assertThat(first.get("ruleId").asText()).isEqualTo("secret-arg");
    assertThat(first.get("level").asText()).isEqualTo("error");
    assertThat(first.at("/locations/0/physicalLocation/region/startLine").asInt()).isEqualTo(2);
    assertThat(first.at("/locations/0/physicalLocation/artifactLocation/uri").asText()).endsWith("Dockerfile");
    int index = first.get("ruleIndex").asInt();
    assertThat(sarifRun.at("/tool/driver/rules/" + index + "/id").asText()).isEqualTo("secret-arg");
    assertThat(results.get(1).get("ruleId").asText()).isEqualTo("JSONArgsRecommended");
    assertThat(results.get(1).get("level").asText()).isEqualTo("warning");
  }

  @Test
  void aSyntaxErrorIsOneLineAndExitStatusTwo() throws IOException {
    write("Dockerfile", "FROM alpine:3.20\nFROBNICATE all the things\n");
    Run run = lint(dir.toString());
    assertThat(run.exit()).isEqualTo(2);
    assertThat(run.err().strip()).matches("[^\\n]*Dockerfile:2:1: [^\\n]+").doesNotContain("Exception");
    assertThat(run.out()).isEmpty();
  }

  @Test
  void aCleanDockerfileExitsZero() throws IOException {
    write("Dockerfile", "FROM alpine:3.20\nARG TOKENIZER_VERSION=1.2\nCMD [\"sh\"]\n");
    Run run = lint(dir.toString());
    assertThat(run.exit()).isZero();
    assertThat(run.out()).isEmpty();
    assertThat(run.err()).contains("no findings");
  }

  @Test
  void copyDotBringsACredentialFileUnlessDockerignoreExcludesIt() throws IOException {
    write("Dockerfile", "FROM alpine:3.20\nCOPY . /app\n");
    write(".env", "GITHUB_TOKEN=" + TOKEN + "\n");
    write("app.txt", "app\n");
    Run run = lint("--format", "json", dir.toString());
    assertThat(run.jsonLines()).singleElement().satisfies(f -> {
      assertThat(f.get("rule").asText()).isEqualTo("secret-file-copy");
      assertThat(f.get("match").asText()).contains(".env");
    });
    assertThat(run.out()).doesNotContain(TOKEN);
    write(".dockerignore", ".env\n");
    assertThat(lint("--format", "json", dir.toString()).out()).isEmpty();
    // BuildKit reads <Dockerfile>.dockerignore first
    write("Dockerfile.dockerignore", "app.txt\n");
    assertThat(lint("--format", "json", dir.toString()).out()).contains("secret-file-copy");
  }

  @Test
  void checkOptionsSkipRulesAndMakeWarningsErrors() throws IOException {
    write("Dockerfile", "FROM alpine:3.20\nARG GITHUB_TOKEN\nCMD echo hi\n");
    Run skipped = lint("--check", "skip=SecretsUsedInArgOrEnv", dir.toString());
    assertThat(skipped.exit()).isZero();
    assertThat(skipped.out()).contains("JSONArgsRecommended").doesNotContain("secret-arg");
    Run strict = lint("--check", "skip=secret-arg;error=true", "--format", "json", dir.toString());
    assertThat(strict.exit()).isEqualTo(3);
    assertThat(strict.out()).contains("\"severity\":\"error\"");
  }

  @Test
  void aBadCheckOptionIsAUsageError() throws IOException {
    write("Dockerfile", "FROM alpine:3.20\n");
    Run run = main("lint", "--check", "skip", dir.toString());
    assertThat(run.exit()).isEqualTo(2);
    assertThat(run.err()).startsWith("error: --check skip: invalid check option");
  }

  @Test
  void aMissingDockerfileIsAUsageError() {
    Run run = main("lint", dir.toString());
    assertThat(run.exit()).isEqualTo(2);
    assertThat(run.err()).startsWith("error: no Dockerfile at ");
  }

  @Test
  void fixPrintsAUnifiedDiffAndTheSecretFlags() throws IOException {
    String original = "FROM alpine:3.20\nARG NPM_TOKEN\nRUN npm config set //r/:_authToken=$NPM_TOKEN && npm ci\n";
    Path dockerfile = write("Dockerfile", original);
    Run run = lint("--fix", dir.toString());
    assertThat(run.exit()).isZero();
    assertThat(run.out()).startsWith("--- a/").contains("\n-ARG NPM_TOKEN\n")
        .contains("\n+RUN --mount=type=secret,id=npm_token,env=NPM_TOKEN npm config set");
    assertThat(run.err()).contains("build with: --secret id=npm_token,env=NPM_TOKEN");
    assertThat(Files.readString(dockerfile)).isEqualTo(original);
  }

  @Test
  void fixInPlaceRewritesTheDockerfileAndTheResultLintsClean() throws IOException {
    Path dockerfile = write("Dockerfile", "FROM alpine:3.20\nARG API_TOKEN\n"
        + "RUN curl -fsS -H \"Authorization: Bearer $API_TOKEN\" https://api.example.com -o /tmp/x\n");
    assertThat(lint("--fix", "--in-place", dir.toString()).exit()).isZero();
    assertThat(Files.readString(dockerfile)).contains("RUN --mount=type=secret,id=api_token,env=API_TOKEN curl");
    Run after = lint("--format", "json", dir.toString());
    assertThat(after.exit()).isZero();
    assertThat(after.out()).isEmpty();
  }

  @Test
  void inPlaceWithoutFixIsAUsageError() throws IOException {
    write("Dockerfile", "FROM alpine:3.20\n");
    assertThat(main("lint", "--in-place", dir.toString()).exit()).isEqualTo(2);
  }
}
