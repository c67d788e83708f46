package dev.stowage.cli.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stowage.cli.common.ExitCode;
import dev.stowage.cli.Main;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The canary suite: a fresh random secret per test goes through every path a build secret can take, and after
 * each build the secret is searched for everywhere it must never be: every output (docker-archive, OCI layout),
 * the blob store and the whole state directory, the temp directories and tmpfs, the console output and the
 * error text. Zero hits, or the exact leak the guard must stop. Real runc, overlayfs and tmpfs; needs root.
 */
@Tag("linux-root")
class SecretCanaryTest {
  @TempDir static Path work;
  private static Path state;
  private static final List<Path> TEMP_ROOTS = List.of(Path.of("/tmp"), Path.of("/var/tmp"), Path.of("/dev/shm"),
      Path.of("/run"));
  private static final java.time.Instant STARTED = java.time.Instant.now().minusSeconds(5);

  @BeforeAll
  static void baseImage() throws IOException {
    state = BusyboxBase.build(work, "canary-base:1", true);
  }

  @AfterAll
  static void nothingMountedUnderTheStateDirectory() throws IOException {
    if (state != null) {
      assertThat(Files.readString(Path.of("/proc/self/mountinfo"))).doesNotContain(state.toString());
    }
  }

  @Test
  void aFileSecretIsReadableInTheRunAndNowhereElse() throws IOException {
    try (Canary canary = new Canary()) {
      Result r = build(canary, """
          FROM canary-base:1
          RUN --mount=type=secret,id=tok wc -c < /run/secrets/tok > /len && sha256sum < /run/secrets/tok > /sum
          """, "--secret", "id=tok,src=" + secretFile(canary));
      assertThat(r.code()).as(r.text()).isZero();
      assertClean(canary, r);
    }
  }

  @Test
  void aCustomTargetAndTheEnvOptionWork() throws IOException {
    try (Canary canary = new Canary()) {
      Result r = build(canary, """
          FROM canary-base:1
          RUN --mount=type=secret,id=tok,target=/etc/app/token test -s /etc/app/token && echo target-ok > /t
          RUN --mount=type=secret,id=tok,env=TOKEN test -n "$TOKEN" && test ! -e /run/secrets/tok && echo env-ok > /e
          RUN test -z "$TOKEN" && test ! -e /etc/app/token && echo gone > /after
          """, "--secret", "id=tok,src=" + secretFile(canary));
      assertThat(r.code()).as(r.text()).isZero();
      assertClean(canary, r);
    }
  }

  @Test
  void anOptionalSecretThatIsMissingMountsNothing() throws IOException {
    try (Canary canary = new Canary()) {
      Result r = build(canary, """
          FROM canary-base:1
          RUN --mount=type=secret,id=tok test ! -e /run/secrets/tok
          RUN --mount=type=secret,id=tok,env=TOKEN test -z "${TOKEN+set}"
          """);
      assertThat(r.code()).as(r.text()).isZero();
      assertClean(canary, r);
    }
  }

  @Test
  void missingRequiredSecretsStopTheBuildBeforeAnyStepAndAreAllListed() throws IOException {
    try (Canary canary = new Canary()) {
      Result r = build(canary, """
          FROM canary-base:1
          RUN touch /ran-before
          RUN --mount=type=secret,id=npm,required cat /run/secrets/npm
          RUN --mount=type=secret,id=aws,required cat /run/secrets/aws
          """);
      assertThat(r.code()).isEqualTo(ExitCode.USAGE);
      assertThat(r.err()).contains("missing required secrets aws, npm").contains("line 3").contains("line 4")
          .doesNotContain("ran-before").doesNotContain("Exception");
      assertClean(canary, r);
    }
  }

  @Test
  void aSecretUsedOnlyInABuilderStageNeverReachesTheFinalImage() throws IOException {
    try (Canary canary = new Canary()) {
      Result r = build(canary, """
          FROM canary-base:1 AS builder
          RUN --mount=type=secret,id=tok sha256sum /run/secrets/tok | cut -c1-16 > /artifact
          FROM canary-base:1
          COPY --from=builder /artifact /artifact
          """, "--secret", "id=tok,src=" + secretFile(canary));
      assertThat(r.code()).as(r.text()).isZero();
      assertClean(canary, r);
    }
  }

  @Test
  void copyingTheSecretIntoTheImageIsALeakAndNothingIsExported() throws IOException {
    try (Canary canary = new Canary()) {
      for (String command : List.of("cp /run/secrets/tok /app-token", "base64 /run/secrets/tok > /b64",
          "cat /run/secrets/tok | od -An -tx1 | tr -d ' \\n' > /hex")) {
        Result r = build(canary, "FROM canary-base:1\nRUN --mount=type=secret,id=tok " + command + "\n",
            "--secret", "id=tok,src=" + secretFile(canary));
        assertThat(r.code()).as(command + ": " + r.text()).isEqualTo(ExitCode.LEAK);
        assertThat(r.err()).contains("secret \"tok\"").contains("leaked into").contains("Dockerfile:2");
        assertThat(r.output()).doesNotExist();
        assertClean(canary, r);
      }
    }
  }

  @Test
  void aSecretEchoedToTheBuildLogIsMasked() throws IOException {
    try (Canary canary = new Canary()) {
      Result r = build(canary, """
          FROM canary-base:1
          RUN --mount=type=secret,id=tok,env=TOKEN echo "the token is $TOKEN" && cat /run/secrets/tok 2>/dev/null; true
          """, "--secret", "id=tok,src=" + secretFile(canary));
      assertThat(r.code()).as(r.text()).isZero();
      assertThat(r.err()).contains("the token is ****");
      assertClean(canary, r);
    }
  }

  @Test
  void aFailingStepWithASecretLeavesNothingBehind() throws IOException {
    try (Canary canary = new Canary()) {
      Result r = build(canary, """
          FROM canary-base:1
          RUN --mount=type=secret,id=tok,env=TOKEN test -n "$TOKEN" && exit 3
          """, "--secret", "id=tok,src=" + secretFile(canary));
      assertThat(r.code()).isEqualTo(ExitCode.FAILURE);
      assertThat(r.err()).contains("did not complete successfully: exit code: 3").contains("Dockerfile:2");
      assertClean(canary, r);
    }
  }

  @Test
  void aBuildKilledDuringASecretRunLeavesNoMountNoProcessNoSecretFile() throws Exception {
    Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/bin/unshare")), "needs unshare (util-linux)");
    try (Canary canary = new Canary()) {
      // A marker unique to this run, so the process check cannot see anyone else's sleep.
      String marker = "killed-" + canary.value().substring(7, 19);
      Path context = context("FROM canary-base:1\nRUN --mount=type=secret,id=tok,env=TOKEN sleep 60 && echo "
          + marker + "\n");
      // The launcher's way: the build is PID 1 of its own PID and mount namespaces.
      Process build = namespacedBuild(context, work.resolve("killed.log"), "--secret",
          "id=tok,src=" + secretFile(canary));
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      while (!Files.readString(work.resolve("killed.log")).contains("RUN --mount") && System.nanoTime() < deadline) {
        Thread.sleep(100);
      }
      Thread.sleep(1500); // the RUN step is running: its secret is mounted
      build.destroyForcibly(); // SIGKILL
      assertThat(build.waitFor(30, TimeUnit.SECONDS)).isTrue();
      Thread.sleep(500);
      assertThat(Files.readString(Path.of("/proc/self/mountinfo"))).doesNotContain(state.toString());
      assertThat(ProcessHandle.allProcesses().map(p -> p.info().commandLine().orElse(""))
          .filter(c -> c.contains(marker) || c.contains(state.resolve("runc").toString())).toList()).isEmpty();
      assertThat(canary.filesHolding(state)).isEmpty();
      assertThat(canary.filesHolding(tempPlaces())).isEmpty();
      try (var containers = Files.list(state.resolve("runc"))) {
        assertThat(containers.toList()).as("runc state the killed build left").isNotEmpty();
      }
      // The next build sweeps what the killed one left and succeeds.
      Result next = build(canary, "FROM canary-base:1\nRUN --mount=type=secret,id=tok test -s /run/secrets/tok\n",
          "--secret", "id=tok,src=" + secretFile(canary));
      assertThat(next.code()).as(next.text()).isZero();
      assertClean(canary, next);
      try (var containers = Files.list(state.resolve("runc"))) {
        assertThat(containers.toList()).as("runc state of the killed build's container, swept").isEmpty();
      }
    }
  }

  @Test
  void anSshKeyIsServedByAnAgentForTheRunAndNeverLands() throws Exception {
    Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/bin/ssh-keygen")), "needs openssh-client");
    Path key = Files.createTempDirectory(work, "ssh").resolve("id_ed25519");
    Process keygen = new ProcessBuilder("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", "canary", "-f",
        key.toString()).redirectErrorStream(true).start();
    assertThat(keygen.waitFor(30, TimeUnit.SECONDS) && keygen.exitValue() == 0).isTrue();
    String keyLine = Files.readAllLines(key).get(1); // a base64 line of the private key
    try (Canary canary = new Canary(keyLine)) {
      Result r = build(canary, """
          FROM canary-base:1
          RUN --mount=type=ssh test -S "$SSH_AUTH_SOCK" && echo agent-ok > /agent
          RUN --mount=type=ssh,id=other test -z "${SSH_AUTH_SOCK:-}"
          """, "--ssh", "default=" + key);
      assertThat(r.code()).as(r.text()).isZero();
      assertThat(canary.filesHolding(r.output(), r.ociOutput(), state)).isEmpty();
      assertThat(canary.foundIn(r.text())).isEmpty();
    }
  }

  @Test
  void theSearchFindsTheCanaryInEveryEncodingAndInsideCompressedArchiveMembers() throws IOException {
    try (Canary canary = new Canary()) {
      Path dir = Files.createTempDirectory(work, "selftest");
      Files.writeString(dir.resolve("b64"), "x=" + java.util.Base64.getEncoder()
          .encodeToString(canary.value().getBytes(StandardCharsets.UTF_8)));
      try (var gz = new java.util.zip.GZIPOutputStream(Files.newOutputStream(dir.resolve("layer.gz")))) {
        gz.write(("hex " + java.util.HexFormat.of().formatHex(canary.value().getBytes(StandardCharsets.UTF_8)))
            .getBytes(StandardCharsets.UTF_8));
      }
      Files.writeString(dir.resolve("clean"), "nothing to see");
      assertThat(canary.filesHolding(dir)).hasSize(2)
          .anyMatch(h -> h.contains("b64") && h.contains("BASE64"))
          .anyMatch(h -> h.contains("layer.gz") && h.contains("HEX"));
      assertThat(canary.foundIn("echo " + canary.value())).isNotEmpty();
    }
  }

  @Test
  void concurrentBuildsInTheirOwnNamespacesLeaveEachOthersMountsAlone() throws Exception {
    Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/bin/unshare")), "needs unshare (util-linux)");
    try (Canary canary = new Canary()) {
      List<Process> builds = new ArrayList<>();
      for (int i = 0; i < 2; i++) {
        // Each starts while the other runs: neither may take the other's tmpfs, snapshot or container for stale.
        Path context = context("FROM canary-base:1\nRUN --mount=type=secret,id=tok test -s /run/secrets/tok"
            + " && sleep 3 && test -s /run/secrets/tok && echo " + i + " > /n\n");
        Process build = namespacedBuild(context, work.resolve("concurrent-" + i + ".log"), "--secret",
            "id=tok,src=" + secretFile(canary));
        builds.add(build);
        Thread.sleep(1500);
      }
      for (int i = 0; i < builds.size(); i++) {
        assertThat(builds.get(i).waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(builds.get(i).exitValue()).as(Files.readString(work.resolve("concurrent-" + i + ".log")))
            .isZero();
      }
      assertThat(canary.filesHolding(state)).isEmpty();
      assertThat(canary.filesHolding(tempPlaces())).isEmpty();
    }
  }

  @Test
  void lockedCacheMountsSerialiseStepsOfConcurrentBuilds() throws Exception {
    Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/bin/unshare")), "needs unshare (util-linux)");
    String id = "lk" + System.nanoTime();
    List<Process> builds = new ArrayList<>();
    for (int i = 0; i < 2; i++) {
      Path context = context("FROM canary-base:1\nRUN --mount=type=cache,id=" + id + ",target=/c,sharing=locked"
          + " echo start-" + i + " >> /c/log && sleep 2 && echo end-" + i + " >> /c/log\n");
      builds.add(namespacedBuild(context, work.resolve("locked-" + i + ".log"), "--no-cache"));
      Thread.sleep(700);
    }
    for (int i = 0; i < builds.size(); i++) {
      assertThat(builds.get(i).waitFor(120, TimeUnit.SECONDS)).isTrue();
      assertThat(builds.get(i).exitValue()).as(Files.readString(work.resolve("locked-" + i + ".log"))).isZero();
    }
    Path out = Files.createTempDirectory(work, "locked-out");
    Result read = stowage("build", "--root", state.toString(), "--no-cache", "--output", "type=local,dest=" + out,
        context("FROM canary-base:1\nRUN --mount=type=cache,id=" + id + ",target=/c cp /c/log /log\n").toString());
    assertThat(read.code()).as(read.text()).isZero();
    List<String> log = Files.readAllLines(out.resolve("log"));
    assertThat(log).hasSize(4);
    // Never interleaved: each step held the cache from its start to its end.
    assertThat(log.get(1)).isEqualTo(log.get(0).replace("start", "end"));
    assertThat(log.get(3)).isEqualTo(log.get(2).replace("start", "end"));
  }

  /** A build as the launcher runs it: PID 1 of its own PID and mount namespaces, in another JVM. */
  private static Process namespacedBuild(Path context, Path log, String... extra) throws IOException {
    List<String> command = new ArrayList<>(List.of("unshare", "--pid", "--kill-child", "--mount",
        "--propagation", "private", "--mount-proc", "--",
        Path.of(System.getProperty("java.home"), "bin", "java").toString(), "--enable-native-access=ALL-UNNAMED",
        "-cp", System.getProperty("java.class.path"), Main.class.getName(), "build", "--root", state.toString()));
    command.addAll(List.of(extra));
    command.add(context.toString());
    ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
    pb.environment().put("STOWAGE_PRIVATE_NAMESPACE", "1");
    return pb.start();
  }

  // ---------------------------------------------------------------- helpers

  private record Result(int code, String out, String err, Path output, Path ociOutput) {
    String text() {
      return out + err;
    }
  }

  private static Path secretFile(Canary canary) throws IOException {
    Path dir = Files.createDirectories(work.resolve("secrets"));
    Path file = dir.resolve(canary.value().substring(7, 19));
    Files.writeString(file, canary.value());
    return file;
  }

  private static Path context(String dockerfile) throws IOException {
    Path dir = Files.createTempDirectory(work, "ctx");
    Files.writeString(dir.resolve("Dockerfile"), dockerfile);
    return dir;
  }

  private Result build(Canary canary, String dockerfile, String... extra) throws IOException {
    Path context = context(dockerfile);
    Path output = context.resolveSibling(context.getFileName() + ".tar");
    Path oci = context.resolveSibling(context.getFileName() + ".oci.tar");
    List<String> args = new ArrayList<>(List.of("build", "--root", state.toString(), "-t", "canary:latest",
        "--output", "type=docker,dest=" + output, "--output", "type=oci,dest=" + oci));
    args.addAll(List.of(extra));
    args.add(context.toString());
    Result r = stowage(args.toArray(String[]::new));
    return new Result(r.code(), r.out(), r.err(), output, oci);
  }

  private static Result stowage(String... args) {
    InProcessCli.Output r = InProcessCli.run(args);
    return new Result(r.code(), r.out(), r.err(), null, null);
  }


  /** Zero hits: outputs, store, state, temp dirs and tmpfs (but the test's own secret file), console text. */
  private static void assertClean(Canary canary, Result r) throws IOException {
    assertThat(canary.foundIn(r.text())).as("console output").isEmpty();
    List<Path> outputs = new ArrayList<>();
    if (r.output() != null) {
      outputs.add(r.output());
    }
    if (r.ociOutput() != null) {
      outputs.add(r.ociOutput());
    }
    assertThat(canary.filesHolding(outputs.toArray(Path[]::new))).as("outputs").isEmpty();
    assertThat(canary.filesHolding(state)).as("state directory").isEmpty();
    assertThat(canary.filesHolding(tempPlaces())).as("temp directories and tmpfs").isEmpty();
  }

  /**
   * Every entry of the temp directories and tmpfs mounts that appeared or changed since the suite started (so a
   * build's temporary files are searched, not the whole machine's), but this suite's own directory, whose secret
   * files hold the canary on purpose (its state directory is searched on its own).
   */
  private static Path[] tempPlaces() throws IOException {
    List<Path> places = new ArrayList<>();
    for (Path root : TEMP_ROOTS) {
      if (!Files.isDirectory(root)) {
        continue;
      }
      try (var entries = Files.list(root)) {
        for (Path entry : entries.toList()) {
          try {
            if (!entry.equals(work) && Files.getLastModifiedTime(entry, java.nio.file.LinkOption.NOFOLLOW_LINKS)
                .toInstant().isAfter(STARTED)) {
              places.add(entry);
            }
          } catch (IOException vanished) {
            // removed while listing
          }
        }
      }
    }
    return places.toArray(Path[]::new);
  }
}
