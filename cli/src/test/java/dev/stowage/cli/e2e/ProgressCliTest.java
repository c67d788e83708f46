package dev.stowage.cli.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.stowage.cli.common.ExitCode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code stowage build --progress} through the CLI: the flag's errors, and real builds in each non-terminal mode
 * (plain lines, rawjson lines, quiet with only the image ID on stdout). The builds need root, runc and busybox;
 * the flag errors need nothing. The live tty view needs a terminal and is tested in TtyProgressTest.
 */
class ProgressCliTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  @TempDir static Path work;
  private static Path state;

  @Test
  void unknownOrContradictoryModesAreUsageErrors() throws IOException {
    Path context = Files.createDirectories(work.resolve("empty"));
    InProcessCli.Output unknown = InProcessCli.run("build", "--progress", "fancy", context.toString());
    assertThat(unknown.code()).isEqualTo(ExitCode.USAGE);
    assertThat(unknown.err()).contains("error: --progress must be auto, tty, plain, rawjson or quiet, got 'fancy'");

    InProcessCli.Output both = InProcessCli.run("build", "-q", "--progress=plain", context.toString());
    assertThat(both.code()).isEqualTo(ExitCode.USAGE);
    assertThat(both.err()).contains("--progress=plain and --quiet cannot be used together");

    InProcessCli.Output tty = InProcessCli.run("build", "--progress=tty", context.toString());
    assertThat(tty.code()).as("stderr is a pipe under surefire").isEqualTo(ExitCode.USAGE);
    assertThat(tty.err()).contains("--progress=tty needs stderr to be a terminal");
  }

  @Test
  void plainPrintsBuildkitLinesOnStderrAndNothingOnStdout() throws IOException {
    InProcessCli.Output r = build("plain-run", "RUN echo hello-plain", "--progress=plain");
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out()).isEmpty();
    assertThat(r.err()).containsPattern("(?m)^#\\d+ \\[0 1/1\\] RUN echo hello-plain$")
        .containsPattern("(?m)^#\\d+ \\d+\\.\\d{3} hello-plain$")
        .containsPattern("(?m)^#\\d+ DONE \\d+\\.\\ds$")
        .containsPattern("(?m)^writing image sha256:[0-9a-f]{64} done$");
  }

  @Test
  void rawjsonPrintsOneJsonObjectPerLineWithRedactedLogs() throws IOException {
    try (Canary canary = new Canary()) {
      Path secret = Files.writeString(work.resolve("secret-" + System.nanoTime()), canary.value());
      InProcessCli.Output r = build("rawjson-run",
          "RUN --mount=type=secret,id=tok echo hello-progress && echo \"token $(cat /run/secrets/tok)\"",
          "--progress=rawjson", "--secret", "id=tok,src=" + secret);
      assertThat(r.code()).as(r.err()).isZero();
      assertThat(r.out()).isEmpty();
      List<JsonNode> lines = new ArrayList<>();
      for (String line : r.err().split("\n")) {
        lines.add(JSON.readTree(line));
      }
      List<String> names = new ArrayList<>();
      StringBuilder logs = new StringBuilder();
      for (JsonNode line : lines) {
        line.path("vertexes").forEach(v -> names.add(v.get("name").asText()));
        line.path("logs").forEach(l -> logs.append(new String(Base64.getDecoder().decode(l.get("data").asText()),
            StandardCharsets.UTF_8)));
      }
      assertThat(names).contains("[0 1/1] RUN --mount=type=secret,id=tok echo hello-progress && echo"
          + " \"token $(cat /run/secrets/tok)\"");
      assertThat(logs.toString()).contains("hello-progress\n", "token ****");
      assertThat(canary.foundIn(r.err() + r.out())).as("the secret, in any encoding").isEmpty();
      assertThat(lines).anySatisfy(line ->
          assertThat(line.path("infos").path(0).path("message").asText()).startsWith("writing image sha256:"));
    }
  }

  @Test
  void quietAndDashQPrintOnlyTheImageIdOnStdout() throws IOException {
    InProcessCli.Output dashQ = build("quiet-run", "RUN echo hello-quiet", "-q");
    assertThat(dashQ.code()).as(dashQ.err()).isZero();
    assertThat(dashQ.out()).matches("sha256:[0-9a-f]{64}\n");
    assertThat(dashQ.err()).doesNotContain("hello-quiet").doesNotContain("#1");

    InProcessCli.Output quiet = build("quiet-run", "RUN echo hello-quiet", "--progress=quiet");
    assertThat(quiet.code()).as(quiet.err()).isZero();
    assertThat(quiet.out()).isEqualTo(dashQ.out());
    assertThat(quiet.err()).doesNotContain("hello-quiet");
  }

  /** Builds a one-step Dockerfile over the busybox base image in this class's state directory. */
  private static InProcessCli.Output build(String name, String step, String... flags) throws IOException {
    Path context = Files.createDirectories(work.resolve(name));
    Files.writeString(context.resolve("Dockerfile"), "FROM progress-base:1\n" + step + "\n");
    List<String> args = new ArrayList<>(List.of("build", "--root", baseImage().toString()));
    args.addAll(List.of(flags));
    args.add(context.toString());
    return InProcessCli.run(args.toArray(String[]::new));
  }

  private static synchronized Path baseImage() throws IOException {
    BusyboxBase.assumeBuildsRun();
    if (state == null) {
      state = BusyboxBase.build(work, "progress-base:1", false);
    }
    return state;
  }
}
