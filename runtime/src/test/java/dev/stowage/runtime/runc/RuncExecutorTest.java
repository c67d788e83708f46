package dev.stowage.runtime.runc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stowage.engine.spi.ActiveSnapshot;
import dev.stowage.engine.spi.ExecSpec;
import dev.stowage.engine.spi.Executor.ExecResult;
import dev.stowage.engine.spi.HostMount;
import dev.stowage.engine.spi.Snapshot;
import dev.stowage.oci.archive.LayerWriter;
import dev.stowage.oci.archive.TarHeader;
import dev.stowage.runtime.RecordingCommandRunner;
import dev.stowage.runtime.RuntimeFixtures;
import dev.stowage.runtime.RuntimeFixtures.LayerFile;
import dev.stowage.runtime.linux.HostCapabilities;
import dev.stowage.runtime.linux.HostCommand;
import dev.stowage.runtime.linux.MountTable;
import dev.stowage.runtime.overlay.OverlaySnapshotter;
import dev.stowage.secrets.SecretId;
import dev.stowage.secrets.SecretValue;
import dev.stowage.secrets.tmpfs.MaterializedSecret;
import dev.stowage.secrets.tmpfs.VolatileDir;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("linux-root")
class RuncExecutorTest {
  private static Path state;
  private static OverlaySnapshotter snapshotter;
  private static Snapshot base;
  private static VolatileDir bundles;
  private static Path runcArgvLog;
  private static RecordingCommandRunner runner;
  private static RuncExecutor executor;
  private ActiveSnapshot rootfs;

  @BeforeAll
  static void setUp() throws IOException {
    RuntimeFixtures.assumeLinuxRoot();
    state = RuntimeFixtures.stateDir();
    runner = new RecordingCommandRunner();
    snapshotter = new OverlaySnapshotter(state.resolve("snapshots"));
    LayerFile busybox = RuntimeFixtures.busyboxLayer(state);
    base = snapshotter.unpack(busybox.diffId(), busybox::open);
    bundles = VolatileDir.create(Path.of("/dev/shm"));
    // runc itself behind a wrapper that records its argument vectors: no secret may ever appear there.
    runcArgvLog = state.resolve("runc-argv.log");
    Path wrapper = state.resolve("runc-recorder");
    Files.writeString(wrapper, "#!/bin/sh\nprintf '%s\\n' \"$*\" >> '" + runcArgvLog + "'\nexec '"
        + HostCapabilities.probe().runc().orElseThrow() + "' \"$@\"\n");
    Files.setPosixFilePermissions(wrapper, PosixFilePermissions.fromString("rwx------"));
    executor = new RuncExecutor(wrapper, state.resolve("runc"),
        new BundleFactory(bundles.path(), Path.of("/etc/resolv.conf")), runner);
  }

  @AfterAll
  static void tearDown() throws IOException {
    if (bundles != null) {
      bundles.close();
    }
    RuntimeFixtures.removeStateDir(state);
  }

  @BeforeEach
  void prepare() throws IOException {
    rootfs = snapshotter.prepare(List.of(base));
  }

  @AfterEach
  void close() throws IOException {
    rootfs.close();
    assertThat(MountTable.read().mountPointsUnder(state)).isEmpty();
    try (Stream<Path> left = Files.list(bundles.path())) {
      assertThat(left).as("bundles left on tmpfs").isEmpty();
    }
  }

  private static ExecSpec spec(String script) {
    return spec(List.of("/bin/sh", "-c", script), List.of(), Map.of(), "/", List.of(), "none");
  }

  private static ExecSpec spec(List<String> argv, List<String> env, Map<String, SecretValue> secretEnv, String cwd,
      List<HostMount> mounts, String network) {
    return new ExecSpec(argv, env, secretEnv, cwd, 0, 0, List.of(), network, "buildkitsandbox", mounts, false);
  }

  private record Run(ExecResult result, String output) {}

  private Run run(ExecSpec spec) throws Exception {
    ByteArrayOutputStream output = new ByteArrayOutputStream();
    ExecResult result = executor.run(spec, rootfs, output);
    return new Run(result, output.toString(StandardCharsets.UTF_8));
  }

  private static String canary() {
    byte[] bytes = new byte[16];
    new SecureRandom().nextBytes(bytes);
    return "canary-" + HexFormat.of().formatHex(bytes);
  }

  @Test
  void runsACommandAndStreamsItsOutput() throws Exception {
    Run run = run(spec("echo hello; echo oops >&2"));

    assertThat(run.result().exitCode()).isZero();
    assertThat(run.output()).contains("hello\n").contains("oops\n").hasSize(11);
    assertThat(run.result().createdStubs()).contains("/proc", "/dev", "/sys", "/etc/hosts", "/etc/resolv.conf");
    assertThat(rootfs.root().resolve("proc")).doesNotExist();
    assertThat(rootfs.root().resolve("etc/hosts")).doesNotExist();
  }

  @Test
  void returnsTheExitCode() throws Exception {
    assertThat(run(spec("exit 3")).result().exitCode()).isEqualTo(3);
    // The shell is pid 1, which ignores signals from inside its namespace; a child shell is killed: 128 + 9.
    assertThat(run(spec("sh -c 'kill -9 $$'; exit $?")).result().exitCode()).isEqualTo(137);
  }

  @Test
  void passesEnvironmentAndCreatesTheWorkingDirectory() throws Exception {
    Run run = run(spec(List.of("/bin/sh", "-c", "echo \"$GREETING\"; pwd; echo $PATH"), List.of("GREETING=hi there"),
        Map.of(), "/work/dir", List.of(), "none"));

    assertThat(run.output()).isEqualTo("hi there\n/work/dir\n" + RuntimeSpecFactory.DEFAULT_PATH.substring(5) + "\n");
    assertThat(rootfs.root().resolve("work/dir")).isDirectory();
    assertThat(run.result().createdStubs()).doesNotContain("/work", "/work/dir");
  }

  @Test
  void runsAsTheGivenUserAndGroups() throws Exception {
    ExecSpec spec = new ExecSpec(List.of("/bin/sh", "-c", "id -u; id -g; id -G"), List.of(), Map.of(), "/", 1000,
        1001, List.of(27), "none", "h", List.of(), false);

    assertThat(run(spec).output()).isEqualTo("1000\n1001\n1001 27\n");
  }

  @Test
  void networkNoneHasOnlyLoopbackAndOfflineNameFiles() throws Exception {
    Run run = run(spec("cut -d: -f1 /proc/net/dev | tail -n +3 | tr -d ' '; hostname; cat /etc/hosts; "
        + "grep -c nameserver /etc/resolv.conf"));

    assertThat(run.output()).startsWith("lo\nbuildkitsandbox\n127.0.0.1\tlocalhost buildkitsandbox\n");
    assertThat(run.output().strip()).doesNotEndWith("\n0");
  }

  @Test
  void networkHostSeesTheHostsInterfaces() throws Exception {
    List<String> hostInterfaces = new ArrayList<>();
    for (String line : Files.readAllLines(Path.of("/proc/net/dev")).subList(2, Files.readAllLines(
        Path.of("/proc/net/dev")).size())) {
      hostInterfaces.add(line.split(":")[0].strip());
    }

    Run run = run(spec(List.of("/bin/sh", "-c", "cut -d: -f1 /proc/net/dev | tail -n +3 | tr -d ' '"), List.of(),
        Map.of(), "/", List.of(), "host"));

    assertThat(run.output().strip().split("\n")).containsExactlyInAnyOrderElementsOf(hostInterfaces);
  }

  @Test
  void bindMountsAreReadOnlyWhenAskedAndTheirTargetsLeaveNoStub() throws Exception {
    Path context = Files.createDirectories(state.resolve("context"));
    Files.writeString(context.resolve("input.txt"), "from the context\n");
    HostMount bind = new HostMount("bind", context.toString(), "/mnt/context", List.of("ro"));

    Run run = run(spec(List.of("/bin/sh", "-c", "cat /mnt/context/input.txt; touch /mnt/context/new; echo rc=$?"),
        List.of(), Map.of(), "/", List.of(bind), "none"));

    assertThat(run.output()).contains("from the context\n").contains("/mnt/context/new: Read-only file system")
        .contains("rc=1\n");
    assertThat(context.resolve("new")).doesNotExist();
    assertThat(run.result().createdStubs()).contains("/mnt", "/mnt/context");
    assertThat(rootfs.root().resolve("mnt")).doesNotExist();
  }

  @Test
  void aWriteDiscardingBindIsWritableInTheStepAndLeavesItsSourceAlone() throws Exception {
    Path context = Files.createDirectories(state.resolve("rw-context"));
    Files.writeString(context.resolve("input.txt"), "original\n");
    Files.writeString(context.resolve("single.txt"), "one file\n");
    ExecSpec spec = spec(List.of("/bin/sh", "-c", "echo changed > /src/input.txt && touch /src/new && rm /src/gone"
            + " && cat /src/input.txt && ls /src && echo more >> /one.txt && cat /one.txt"),
        List.of(), Map.of(), "/", List.of(HostMount.discardingWrites(context.toString(), "/src"),
            HostMount.discardingWrites(context.resolve("single.txt").toString(), "/one.txt")), "none");
    Files.writeString(context.resolve("gone"), "");

    Run run = run(spec);

    assertThat(run.result().exitCode()).as(run.output()).isZero();
    assertThat(run.output()).isEqualTo("changed\ninput.txt\nnew\nsingle.txt\none file\nmore\n");
    assertThat(Files.readString(context.resolve("input.txt"))).isEqualTo("original\n");
    assertThat(Files.readString(context.resolve("single.txt"))).isEqualTo("one file\n");
    assertThat(context.resolve("new")).doesNotExist();
    assertThat(context.resolve("gone")).exists();
    Path scratch = state.resolve("runc-scratch");
    try (Stream<Path> left = Files.exists(scratch) ? Files.list(scratch) : Stream.empty()) {
      assertThat(left).as("scratch space left").isEmpty();
    }
    assertThat(rootfs.root().resolve("src")).doesNotExist();
  }

  @Test
  void aWriteDiscardingBindOfADirectoryHoldingTheScratchSpaceIsRefusedClearly() {
    ExecSpec spec = spec(List.of("true"), List.of(), Map.of(), "/", List.of(HostMount.discardingWrites(
        state.toString(), "/src")), "none");

    assertThatThrownBy(() -> run(spec)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("scratch directory " + state.resolve("runc-scratch") + " is inside it");
    assertThat(state.resolve("runc-scratch")).isEmptyDirectory();
  }

  @Test
  void stepsRunUnderDockersSeccompProfileUnlessInsecure() throws Exception {
    // Without seccomp, root in the container may create a user namespace even without CAP_SYS_ADMIN.
    String script = "grep Seccomp: /proc/self/status; unshare -U true; echo unshare=$?";
    Run filtered = run(spec(script));
    Run insecure = run(new ExecSpec(List.of("/bin/sh", "-c", script), List.of(), Map.of(), "/", 0, 0, List.of(),
        "none", "h", List.of(), true));

    assertThat(filtered.output()).contains("Seccomp:\t2\n").contains("Operation not permitted")
        .contains("unshare=1\n");
    assertThat(insecure.output()).contains("Seccomp:\t0\n").contains("unshare=0\n");
  }

  @Test
  void aKilledBuildsScratchSpaceIsSweptButALiveOnesIsKept() throws Exception {
    Path scratch = Files.createDirectories(state.resolve("runc-scratch"));
    Path stale = Files.createDirectories(scratch.resolve(ContainerId.PREFIX + "999999.1-abcdef/0/upper"));
    Path context = Files.createDirectories(state.resolve("swept-context"));
    Files.writeString(context.resolve("keep"), "keep");
    Files.createSymbolicLink(stale.resolveSibling("lower"), context);
    Path live = Files.createDirectories(scratch.resolve(ContainerId.next(
        dev.stowage.runtime.linux.ProcessOwner.current())));

    executor.sweepStale();

    assertThat(scratch.resolve(ContainerId.PREFIX + "999999.1-abcdef")).doesNotExist();
    assertThat(context.resolve("keep")).hasContent("keep");
    assertThat(live).isDirectory();
    Files.delete(live);
  }

  @Test
  void aTmpfsMountIsTmpfsAndNotPartOfTheLayer() throws Exception {
    HostMount tmpfs = new HostMount("tmpfs", "tmpfs", "/scratch", List.of("size=1m"));

    Run run = run(spec(List.of("/bin/sh", "-c", "stat -f -c %T /scratch; echo data > /scratch/file"), List.of(),
        Map.of(), "/", List.of(tmpfs), "none"));

    assertThat(run.output()).isEqualTo("tmpfs\n");
    assertThat(rootfs.root().resolve("scratch")).doesNotExist();
    assertThat(run.result().createdStubs()).contains("/scratch");
  }

  @Test
  void secretsArriveAsAReadOnlyFileAndAnEnvironmentVariableAndLeaveNoTrace() throws Exception {
    String fileSecret = canary();
    String envSecret = canary();
    try (VolatileDir secrets = VolatileDir.create(Path.of("/dev/shm"));
        SecretValue fileValue = SecretValue.ofUtf8(fileSecret);
        SecretValue envValue = SecretValue.ofUtf8(envSecret);
        MaterializedSecret file = MaterializedSecret.write(secrets, SecretId.of("token"), fileValue, 0400, 0, 0)) {
      HostMount mount = new HostMount("bind", file.path().toString(), "/run/secrets/token",
          List.of("ro", "nosuid", "nodev", "noexec"));
      ExecSpec spec = spec(List.of("/bin/sh", "-c",
              "cat /run/secrets/token; echo; echo \"$API_TOKEN\"; echo x > /run/secrets/token; echo rc=$?"),
          List.of(), Map.of("API_TOKEN", envValue), "/", List.of(mount), "none");

      Run run = run(spec);

      // stdout and stderr share one pipe, and the shell buffers stdout: only the order within each is fixed.
      assertThat(run.output()).contains(fileSecret).contains(envSecret + "\n").contains("rc=1\n")
          .contains("can't create /run/secrets/token: Read-only file system");
      assertThat(run.result().createdStubs()).containsExactlyInAnyOrder("/run", "/run/secrets",
          "/run/secrets/token", "/proc", "/dev", "/sys", "/etc/hosts", "/etc/resolv.conf");
      assertThat(rootfs.root().resolve("run")).doesNotExist();

      ByteArrayOutputStream layer = new ByteArrayOutputStream();
      try (LayerWriter writer = LayerWriter.toStream(layer, RuntimeFixtures.diffOptions())) {
        rootfs.writeDiff(writer, run.result().createdStubs());
        writer.finish();
      }
      String tar = layer.toString(StandardCharsets.ISO_8859_1);
      assertThat(tar).doesNotContain(fileSecret).doesNotContain(envSecret);
      assertThat(RuntimeFixtures.headers(layer.toByteArray())).extracting(TarHeader::path)
          .noneMatch(p -> p.startsWith("run") || p.startsWith("proc") || p.equals("etc/hosts"));
      String argv = Files.readString(runcArgvLog) + runner.commands();
      assertThat(argv).contains("run --bundle").doesNotContain(fileSecret).doesNotContain(envSecret);
    }
  }

  @Test
  void theBundleLivesOnTmpfsAndHoldsTheSecretEnvironmentUntilClosed() throws Exception {
    String secret = canary();
    try (SecretValue value = SecretValue.ofUtf8(secret)) {
      BundleFactory factory = new BundleFactory(bundles.path(), Path.of("/etc/resolv.conf"));
      Bundle bundle = factory.create(spec(List.of("env"), List.of(), Map.of("S", value), "/", List.of(), "none"),
          rootfs.root());
      try {
        assertThat(RuntimeFixtures.fileSystemType(bundle.config())).isEqualTo("tmpfs");
        assertThat(Files.getPosixFilePermissions(bundle.config())).isEqualTo(
            PosixFilePermissions.fromString("rw-------"));
        assertThat(Files.readString(bundle.config())).contains("S=" + secret);
      } finally {
        bundle.close();
      }
      assertThat(bundle.dir()).doesNotExist();
    }
  }

  @Test
  void aBundleOnADiskFileSystemIsRefused() {
    BundleFactory onDisk = new BundleFactory(state, Path.of("/etc/resolv.conf"));

    assertThatThrownBy(() -> onDisk.create(spec("true"), rootfs.root()))
        .hasMessageContaining("tmpfs");
  }

  @Test
  void anInterruptKillsTheContainerAndLeavesNothingBehind() throws Exception {
    CountDownLatch started = new CountDownLatch(1);
    OutputStream output = new OutputStream() {
      @Override
      public void write(int b) {
        if (b == '\n') {
          started.countDown();
        }
      }
    };
    AtomicReference<Throwable> outcome = new AtomicReference<>();
    Thread step = new Thread(() -> {
      try {
        executor.run(spec("echo started; exec sleep 1000"), rootfs, output);
        outcome.set(new AssertionError("the step finished on its own"));
      } catch (Throwable t) {
        outcome.set(t);
      }
    });
    step.start();
    assertThat(started.await(60, TimeUnit.SECONDS)).as("the step started").isTrue();

    step.interrupt();
    step.join(TimeUnit.SECONDS.toMillis(60));

    assertThat(step.isAlive()).as("the interrupted step returned").isFalse();
    assertThat(outcome.get()).isInstanceOf(InterruptedException.class);
    String containers = runner.run(HostCommand.of(HostCapabilities.probe().runc().orElseThrow().toString(),
        "--root", state.resolve("runc").toString(), "list", "--quiet")).stdout();
    assertThat(containers).isBlank();
    assertThat(MountTable.read().mountPointsUnder(state)).containsExactly(rootfs.root());
    assertThat(rootfs.root().resolve("proc")).doesNotExist();
  }

  @Test
  void aMissingProgramIsAClearError() {
    assertThatThrownBy(() -> run(spec(List.of("/nope", "arg"), List.of(), Map.of(), "/", List.of(), "none")))
        .isInstanceOf(ContainerStartException.class)
        .hasMessageStartingWith("process \"/nope arg\" could not start: ")
        .hasMessageContaining("no such file or directory");
  }

  @Test
  void aFileThatIsNoProgramIsAnExecFormatError() throws Exception {
    Path bad = rootfs.root().resolve("bin/bad");
    Files.writeString(bad, "this is text without a #! line\n");
    Files.setPosixFilePermissions(bad, PosixFilePermissions.fromString("rwxr-xr-x"));

    assertThatThrownBy(() -> run(spec(List.of("bad"), List.of(), Map.of(), "/", List.of(), "none")))
        .isInstanceOf(ContainerStartException.class)
        .hasMessage("process \"bad\" could not start: exec format error: bad is neither a program for this "
            + "machine nor a script with a #! line");
  }

  @Test
  void anUnknownNetworkModeIsRefused() {
    assertThatThrownBy(() -> run(spec(List.of("true"), List.of(), Map.of(), "/", List.of(), "bridge")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("network mode 'bridge' is not supported: use none or host");
  }

  @Test
  void staleContainersOfLiveProcessesAreKept() {
    assertThat(executor.sweepStale()).isEmpty();
  }
}
