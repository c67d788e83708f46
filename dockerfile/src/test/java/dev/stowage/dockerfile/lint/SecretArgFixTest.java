package dev.stowage.dockerfile.lint;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stowage.dockerfile.ast.Dockerfile;
import dev.stowage.dockerfile.parse.DockerfileParser;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

class SecretArgFixTest {

  private static LintResult lint(String text) {
    Dockerfile parsed = DockerfileParser.parse(text, "Dockerfile").dockerfile();
    return Linter.lint(new LintRequest(parsed, "Dockerfile", text, Map.of(), ContextView.EMPTY,
        LintConfig.defaults()));
  }

  private static SecretArgFix.Result fix(String text) {
    Dockerfile parsed = DockerfileParser.parse(text, "Dockerfile").dockerfile();
    return SecretArgFix.fix(parsed, text, lint(text).secretArgs());
  }

  @Test
  void movesTheArgIntoASecretMountOnEveryRunThatUsesIt() {
    String text = """
        FROM alpine:3.20
        ARG GITHUB_TOKEN
        WORKDIR /src
        RUN git clone https://x:${GITHUB_TOKEN}@github.com/o/r.git && rm -rf r/.git
        RUN echo building
        RUN ["sh", "-c", "curl -H \\"Authorization: token $GITHUB_TOKEN\\" https://api.github.com/user"]
        """;
    SecretArgFix.Result result = fix(text);
    assertThat(result.changed()).isTrue();
    assertThat(result.text()).isEqualTo("""
        FROM alpine:3.20
        # stowage lint --fix: ARG GITHUB_TOKEN is now passed as build secret (--secret id=github_token,env=GITHUB_TOKEN)
        WORKDIR /src
        RUN --mount=type=secret,id=github_token,env=GITHUB_TOKEN git clone https://x:${GITHUB_TOKEN}@github.com/o/r.git && rm -rf r/.git
        RUN echo building
        RUN --mount=type=secret,id=github_token,env=GITHUB_TOKEN ["sh", "-c", "curl -H \\"Authorization: token $GITHUB_TOKEN\\" https://api.github.com/user"]
        """);
    assertThat(result.secretFlags()).containsExactly("--secret id=github_token,env=GITHUB_TOKEN");
    assertThat(lint(result.text()).findings()).noneMatch(f -> f.rule() == Rules.SECRET_ARG);
  }

  @Test
  void dropsACredentialDefaultAndKeepsTheOtherDeclarations() {
    String text = "FROM alpine:3.20\nARG VERSION=1.2 NPM_TOKEN=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\n"
        + "RUN echo \"//registry.npmjs.org/:_authToken=${NPM_TOKEN}\" > ~/.npmrc && npm ci && rm ~/.npmrc\n";
    SecretArgFix.Result result = fix(text);
    assertThat(result.text()).doesNotContain("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")
        .contains("\nARG VERSION=1.2\n")
        .contains("RUN --mount=type=secret,id=npm_token,env=NPM_TOKEN echo");
    assertThat(result.notes()).anyMatch(n -> n.contains("default value of ARG NPM_TOKEN was dropped"));
    DockerfileParser.parse(result.text(), "Dockerfile");
  }

  @Test
  void notesUsesItCannotFix() {
    String text = "FROM alpine:3.20\nARG GITLAB_TOKEN\nENV GITLAB_TOKEN=${GITLAB_TOKEN}\nRUN echo hi\n";
    SecretArgFix.Result result = fix(text);
    assertThat(result.notes()).anyMatch(n -> n.startsWith("line 3: ENV uses $GITLAB_TOKEN"));
  }

  @Test
  void keepsWindowsLineEndingsAndAByteOrderMark() {
    String text = "\uFEFFFROM alpine:3.20\r\nARG API_TOKEN\r\nRUN curl -H \"X-Token: $API_TOKEN\" https://x\r\n";
    SecretArgFix.Result result = fix(text);
    assertThat(result.text()).startsWith("\uFEFFFROM alpine:3.20\r\n# stowage lint --fix:")
        .endsWith("RUN --mount=type=secret,id=api_token,env=API_TOKEN curl -H \"X-Token: $API_TOKEN\" https://x\r\n");
  }

  @Test
  void aFileWithoutSecretArgsIsUnchanged() {
    String text = "FROM alpine:3.20\nARG VERSION=1\nRUN echo $VERSION\n";
    SecretArgFix.Result result = fix(text);
    assertThat(result.changed()).isFalse();
    assertThat(result.text()).isEqualTo(text);
  }

  /** Every fixture Dockerfile: the fix re-parses, keeps every line that is not an ARG or RUN it rewrote. */
  @TestFactory
  Stream<DynamicTest> roundTripsOnEveryFixture() throws IOException, URISyntaxException {
    Path root = Path.of(getClass().getResource("/lint/cases").toURI());
    List<Path> dockerfiles;
    try (Stream<Path> walk = Files.walk(root)) {
      dockerfiles = walk.filter(p -> p.getFileName().toString().equals("Dockerfile")).sorted().toList();
    }
    return dockerfiles.stream().map(p -> DynamicTest.dynamicTest(root.relativize(p).toString(), () -> {
      String text = Files.readString(p, StandardCharsets.UTF_8);
      SecretArgFix.Result result = fix(text);
      DockerfileParser.parse(result.text(), "Dockerfile");
      List<String> before = text.lines().toList();
      List<String> after = result.text().lines().toList();
      assertThat(after).hasSameSizeAs(before); // no fixture declares a secret ARG next to another ARG
      for (int i = 0; i < before.size(); i++) {
        String original = before.get(i);
        String fixed = after.get(i);
        String withoutMounts = fixed.replaceFirst("^(\\s*\\S+)((?: --mount=type=secret,id=\\S+,env=\\S+)+)", "$1");
        boolean argReplaced = original.stripLeading().toUpperCase(java.util.Locale.ROOT).startsWith("ARG ")
            && fixed.stripLeading().startsWith("# stowage lint --fix:");
        assertThat(fixed.equals(original) || argReplaced || withoutMounts.equals(original)).as("line %d: %s -> %s", i + 1, original, fixed)
            .isTrue();
      }
      assertThat(lint(result.text()).findings()).noneMatch(f -> f.rule() == Rules.SECRET_ARG
          && !f.message().contains("--build-arg"));
    }));
  }
}
