package dev.stowage.cli.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code RUN --mount} with BuildKit's semantics, end to end: a cache seeded from a stage, writable binds whose writes
 * are thrown away (the build context is never written to), an SSH agent a non-root step can use, and Docker's
 * seccomp profile (lifted by {@code --security=insecure}). Real runc, overlayfs and sockets; needs root.
 */
@Tag("linux-root")
class RunMountsTest {
  @TempDir static Path work;
  private static Path state;

  @BeforeAll
  static void baseImage() throws IOException {
    state = BusyboxBase.build(work, "mounts-base:1", true);
  }

  @Test
  void aCacheWithFromIsSeededFromTheStageTheFirstTimeOnly() throws IOException {
    String id = "seeded-" + System.nanoTime();
    String dockerfile = """
        FROM mounts-base:1 AS seed
        RUN mkdir -p /data/sub && echo seeded > /data/sub/file && chown 1000:1000 /data && chmod 0750 /data
        FROM mounts-base:1 AS final
        RUN --mount=type=cache,id=ID,target=/c,from=seed,source=/data cat /c/sub/file > /first \\
         && stat -c %u:%a /c > /owner && echo STAMP >> /c/log
        RUN --mount=type=cache,id=ID,target=/c,from=seed,source=/data cat /c/log > /second
        RUN --mount=type=cache,id=ID,target=/c test ! -e /c/sub/file && echo other-cache > /plain
        """.replace("ID", id);
    Path first = Files.createTempDirectory(work, "cache-out");
    Result r = stowage("build", "--root", state.toString(), "--output", "type=local,dest=" + first,
        context(dockerfile.replace("STAMP", "one")).toString());
    assertThat(r.code()).as(r.text()).isZero();
    assertThat(first.resolve("first")).hasContent("seeded");
    assertThat(first.resolve("owner")).hasContent("1000:750");
    assertThat(first.resolve("second")).hasContent("one");
    assertThat(first.resolve("plain")).hasContent("other-cache");
    assertThat(first.resolve("c")).as("the cache is no part of the image").doesNotExist();

    // A later build (the seed stage from the build cache, so the same content) finds the cache as the first one
    // left it: it is not seeded again.
    Path again = Files.createTempDirectory(work, "cache-out");
    Result r2 = stowage("build", "--root", state.toString(), "--no-cache-filter", "final", "--output",
        "type=local,dest=" + again,
        context(dockerfile.replace("STAMP", "two")).toString());
    assertThat(r2.code()).as(r2.text()).isZero();
    assertThat(again.resolve("second")).hasContent("one\ntwo");
  }

  @Test
  void aCacheSourceThatIsNotADirectoryIsAnErrorNamingTheLine() throws IOException {
    Result r = stowage("build", "--root", state.toString(), context("""
        FROM mounts-base:1 AS seed
        RUN echo x > /file
        FROM mounts-base:1
        RUN --mount=type=cache,id=bad-%d,target=/c,from=seed,source=/file true
        """.formatted(System.nanoTime())).toString());
    assertThat(r.code()).isNotZero();
    assertThat(r.err()).contains("Dockerfile:4").contains("cache mount source \"/file\" is not a directory");
  }

  @Test
  void aReadWriteContextBindIsWritableInTheStepAndTheContextIsNeverWritten() throws IOException {
    Path context = context("""
        FROM mounts-base:1
        RUN --mount=type=bind,rw,target=/src echo changed > /src/input.txt && touch /src/new && rm /src/gone \\
         && cat /src/input.txt > /seen && ls /src > /list
        RUN --mount=type=bind,target=/src cat /src/input.txt > /after && test ! -e /src/new && test -e /src/gone
        """);
    Files.writeString(context.resolve("input.txt"), "original\n");
    Files.writeString(context.resolve("gone"), "still here\n");
    Path out = Files.createTempDirectory(work, "bind-out");

    Result r = stowage("build", "--root", state.toString(), "--output", "type=local,dest=" + out,
        context.toString());

    assertThat(r.code()).as(r.text()).isZero();
    assertThat(out.resolve("seen")).hasContent("changed");
    assertThat(out.resolve("list")).hasContent("Dockerfile\ninput.txt\nnew");
    assertThat(out.resolve("after")).hasContent("original");
    assertThat(context.resolve("input.txt")).hasContent("original");
    assertThat(context.resolve("gone")).hasContent("still here");
    assertThat(context.resolve("new")).doesNotExist();
    assertThat(out.resolve("src")).doesNotExist();
    try (var left = Files.list(state.resolve("runc-scratch"))) {
      assertThat(left).as("scratch space left").isEmpty();
    }
  }

  @Test
  void aReadWriteStageBindDiscardsItsWrites() throws IOException {
    Path out = Files.createTempDirectory(work, "stage-bind-out");
    Result r = stowage("build", "--root", state.toString(), "--output", "type=local,dest=" + out, context("""
        FROM mounts-base:1 AS s
        RUN echo stage > /f
        FROM mounts-base:1
        RUN --mount=type=bind,from=s,rw,target=/m echo written > /m/f && cat /m/f > /w
        RUN --mount=type=bind,from=s,target=/m cat /m/f > /r
        """).toString());

    assertThat(r.code()).as(r.text()).isZero();
    assertThat(out.resolve("w")).hasContent("written");
    assertThat(out.resolve("r")).hasContent("stage");
  }

  @Test
  void anSshMountServesTheAgentToTheUserItNamesAndOnlyToThem() throws Exception {
    for (String tool : List.of("ssh-keygen", "ssh-agent", "ssh-add")) {
      Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/bin", tool)), "needs openssh-client");
    }
    Path key = Files.createTempDirectory(work, "ssh").resolve("id_ed25519");
    Process keygen = new ProcessBuilder("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", "mounts-test", "-f",
        key.toString()).redirectErrorStream(true).start();
    assertThat(keygen.waitFor(30, TimeUnit.SECONDS) && keygen.exitValue() == 0).isTrue();
    Path context = context("""
        FROM mounts-base:1
        COPY root/ /
        USER app
        RUN --mount=type=ssh,uid=1000 stat -c %u:%g:%a "$SSH_AUTH_SOCK" > /tmp/sock && ssh-add -l > /tmp/keys
        RUN --mount=type=ssh,uid=1000,gid=1000,mode=0660 stat -c %u:%g:%a "$SSH_AUTH_SOCK" > /tmp/sock-mode
        RUN --mount=type=ssh stat -c %u:%g:%a "$SSH_AUTH_SOCK" > /tmp/root-sock; ssh-add -l; echo $? > /tmp/denied
        """);
    copyWithLibraries(Path.of("/usr/bin/ssh-add"), context.resolve("root"));
    Path out = Files.createTempDirectory(work, "ssh-out");

    Result r = stowage("build", "--root", state.toString(), "--ssh", "default=" + key, "--output",
        "type=local,dest=" + out, context.toString());

    assertThat(r.code()).as(r.text()).isZero();
    assertThat(out.resolve("tmp/sock")).hasContent("1000:0:600");
    assertThat(Files.readString(out.resolve("tmp/keys"))).contains("mounts-test (ED25519)");
    assertThat(out.resolve("tmp/sock-mode")).hasContent("1000:1000:660");
    assertThat(out.resolve("tmp/root-sock")).hasContent("0:0:600");
    assertThat(out.resolve("tmp/denied")).as("BuildKit's default: root's socket, 0600").hasContent("2");
    assertThat(out.resolve("run")).doesNotExist();
  }

  @Test
  void stepsRunUnderDockersSeccompProfileAndInsecureLiftsIt() throws IOException {
    Path out = Files.createTempDirectory(work, "seccomp-out");
    Result r = stowage("build", "--root", state.toString(), "--output", "type=local,dest=" + out, context("""
        FROM mounts-base:1
        RUN grep Seccomp: /proc/self/status > /filtered; unshare -U true 2> /denied; echo $? > /filtered-rc
        RUN --security=insecure grep Seccomp: /proc/self/status > /insecure; unshare -U true; echo $? > /insecure-rc
        """).toString());

    assertThat(r.code()).as(r.text()).isZero();
    assertThat(out.resolve("filtered")).hasContent("Seccomp:\t2");
    assertThat(out.resolve("filtered-rc")).hasContent("1");
    assertThat(Files.readString(out.resolve("denied"))).contains("Operation not permitted");
    assertThat(out.resolve("insecure")).hasContent("Seccomp:\t0");
    assertThat(out.resolve("insecure-rc")).hasContent("0");
  }

  // ---------------------------------------------------------------- helpers

  private record Result(int code, String out, String err) {
    String text() {
      return out + err;
    }
  }

  private static Path context(String dockerfile) throws IOException {
    Path dir = Files.createTempDirectory(work, "ctx");
    Files.writeString(dir.resolve("Dockerfile"), dockerfile);
    return dir;
  }

  private static Result stowage(String... args) {
    InProcessCli.Output r = InProcessCli.run(args);
    return new Result(r.code(), r.out(), r.err());
  }

  /** Copies a host program and the shared libraries {@code ldd} lists into {@code root}, at the same paths. */
  private static void copyWithLibraries(Path program, Path root) throws IOException, InterruptedException {
    Set<Path> files = new LinkedHashSet<>(List.of(program));
    Process ldd = new ProcessBuilder("ldd", program.toString()).redirectErrorStream(true).start();
    String listing = new String(ldd.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(ldd.waitFor(30, TimeUnit.SECONDS)).isTrue();
    for (String line : listing.split("\n")) {
      for (String word : line.trim().split("\\s+")) {
        if (word.startsWith("/")) {
          files.add(Path.of(word));
        }
      }
    }
    for (Path file : files) {
      Path target = root.resolve(file.toString().substring(1));
      Files.createDirectories(target.getParent());
      Files.copy(file.toRealPath(), target);
    }
  }
}
