package dev.stowage.cli.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.HexFormat;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The build-arg policy: a {@code --build-arg} whose name looks like a secret is refused with the exact rewrite;
 * with {@code --allow-secret-args} its value is masked in the history (even with {@code --history-args=values})
 * and searched for in every layer.
 */
class SecretBuildArgTest {
  @TempDir static Path work;
  private static Path state;

  @BeforeAll
  static void baseImage() throws IOException {
    state = BusyboxBase.build(work, "argpolicy-base:1", false);
  }

  @Test
  void aSecretLookingBuildArgIsRefusedWithTheRewriteAndWithoutItsValue() throws IOException {
    String canary = canary();
    Path context = context("refused", "RUN test -n \"$MY_TOKEN\"");
    InProcessCli.Output result = InProcessCli.run("build", "--root", state.toString(), "--build-arg",
        "MY_TOKEN=" + canary, context.toString());
    assertThat(result.code()).isEqualTo(2);
    assertThat(result.err())
        .contains("--build-arg MY_TOKEN looks like a secret")
        .contains("--secret id=my_token,env=MY_TOKEN")
        .contains("RUN --mount=type=secret,id=my_token,env=MY_TOKEN");
    assertNowhere(canary, result.out() + result.err());
  }

  @Test
  void allowedItIsMaskedInTheHistoryAndInNoOutput() throws IOException {
    String canary = canary();
    Path context = context("allowed", "RUN test -n \"$MY_TOKEN\" && echo ok > /ok.txt");
    Path archive = work.resolve("allowed.tar");
    InProcessCli.Output built = InProcessCli.run("build", "--root", state.toString(), "--progress=plain",
        "--allow-secret-args", "--history-args=values", "--build-arg", "MY_TOKEN=" + canary, "-t", "allowed:1",
        "--output", "type=docker,dest=" + archive, context.toString());
    assertThat(built.code()).as(built.err()).isZero();
    InProcessCli.Output history = InProcessCli.run("history", "--root", state.toString(), "--no-trunc", "allowed:1");
    assertThat(history.out()).contains("RUN |1 MY_TOKEN=**** /bin/sh -c test -n");
    assertNowhere(canary, built.out() + built.err() + history.out());
    assertNowhere(canary, new String(Files.readAllBytes(archive), StandardCharsets.ISO_8859_1));
  }

  @Test
  void allowedAndWrittenIntoALayerItStopsTheBuildAsALeak() throws IOException {
    String canary = canary();
    Path context = context("leaked", "RUN echo \"$MY_TOKEN\" | base64 > /token.b64");
    Path archive = work.resolve("leaked.tar");
    InProcessCli.Output built = InProcessCli.run("build", "--root", state.toString(), "--progress=plain",
        "--allow-secret-args", "--build-arg", "MY_TOKEN=" + canary, "--output", "type=docker,dest=" + archive,
        context.toString());
    assertThat(built.code()).as(built.err()).isEqualTo(4);
    assertThat(built.err()).contains("build-arg MY_TOKEN");
    assertThat(archive).doesNotExist();
    assertNowhere(canary, built.out() + built.err());
  }

  private static Path context(String name, String run) throws IOException {
    Path context = Files.createDirectories(work.resolve(name));
    Files.writeString(context.resolve("Dockerfile"), "FROM argpolicy-base:1\nARG MY_TOKEN\n" + run + "\n");
    return context;
  }

  private static String canary() {
    return "canary-" + UUID.randomUUID();
  }

  /** Neither the value nor its base64 or hex form. */
  private static void assertNowhere(String canary, String text) {
    byte[] bytes = canary.getBytes(StandardCharsets.UTF_8);
    assertThat(text).doesNotContain(canary)
        .doesNotContain(Base64.getEncoder().withoutPadding().encodeToString(bytes))
        .doesNotContain(HexFormat.of().formatHex(bytes));
  }
}
