package dev.stowage.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stowage.engine.spi.ActiveSnapshot;
import dev.stowage.engine.spi.ExecSpec;
import dev.stowage.engine.spi.Snapshot;
import dev.stowage.runtime.RuntimeFixtures.LayerFile;
import dev.stowage.runtime.linux.HostCapabilities;
import dev.stowage.runtime.linux.HostCommand;
import dev.stowage.runtime.linux.MountTable;
import dev.stowage.runtime.linux.ProcessCommandRunner;
import dev.stowage.runtime.overlay.OverlaySnapshotter;
import dev.stowage.runtime.runc.BundleFactory;
import dev.stowage.runtime.runc.RuncExecutor;
import dev.stowage.secrets.tmpfs.CommandRunner;
import dev.stowage.secrets.tmpfs.StaleVolatileCleaner;
import dev.stowage.secrets.tmpfs.VolatileDir;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** {@code kill -9} of a build during a secret RUN: the next start leaves no mount, container or secret file. */
@Tag("linux-root")
class KilledBuildTest {
  private Path state;
  private VolatileDir volatileParent;
  private Process child;

  @BeforeEach
  void setUp() throws IOException {
    RuntimeFixtures.assumeLinuxRoot();
    state = RuntimeFixtures.stateDir();
    volatileParent = VolatileDir.create(Path.of("/dev/shm"));
  }

  @AfterEach
  void tearDown() throws IOException {
    if (child != null) {
      child.destroyForcibly();
    }
    if (state != null) {
      new RuncExecutor(runc(), state.resolve("runc"), new BundleFactory(volatileParent.path(), Path.of("/x")),
          new ProcessCommandRunner()).sweepStale();
      RuntimeFixtures.removeStateDir(state);
    }
    if (volatileParent != null) {
      volatileParent.close();
    }
  }

  private static Path runc() {
    return HostCapabilities.probe().runc().orElseThrow();
  }

  private static List<Path> list(Path dir) throws IOException {
    try (Stream<Path> entries = Files.list(dir)) {
      return entries.toList();
    }
  }

  @Test
  void theNextStartRemovesEverythingAKilledBuildLeft() throws Exception {
    OverlaySnapshotter snapshotter = new OverlaySnapshotter(state.resolve("snapshots"));
    LayerFile busybox = RuntimeFixtures.busyboxLayer(state);
    Snapshot base = snapshotter.unpack(busybox.diffId(), busybox::open);
    byte[] random = new byte[16];
    new SecureRandom().nextBytes(random);
    String secret = "canary-" + HexFormat.of().formatHex(random);

    ProcessBuilder builder = new ProcessBuilder(ProcessHandle.current().info().command().orElseThrow(), "-cp",
        System.getProperty("java.class.path"), KilledStepFixture.class.getName(), state.toString(),
        volatileParent.path().toString(), runc().toString(), base.diffId().toString())
        .redirectErrorStream(true);
    builder.environment().put("FIXTURE_SECRET", secret); // the environment, never a command line
    child = builder.start();
    BufferedReader output = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
    StringBuilder seen = new StringBuilder();
    for (String line; (line = output.readLine()) != null && !line.equals("started"); ) {
      seen.append(line).append('\n');
    }
    assertThat(child.isAlive()).as("the step runs; output so far: %s", seen).isTrue();
    assertThat(MountTable.read().mountPointsUnder(state)).as("the killed build's overlay").hasSize(1);

    child.destroyForcibly(); // SIGKILL: no finally block runs
    assertThat(child.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(list(volatileParent.path())).as("the bundle and the secret file are left").hasSize(2);

    // What the next start does:
    LinuxRuntime next = LinuxRuntime.open(state, volatileParent.path());
    assertThat(next.swept()).hasSize(2).anySatisfy(s -> assertThat(s).startsWith("container stowage-"))
        .anySatisfy(s -> assertThat(s).startsWith("snapshot "));
    StaleVolatileCleaner.Report cleaned = new StaleVolatileCleaner(CommandRunner.system())
        .clean(List.of(volatileParent.path()));
    assertThat(cleaned.problems()).isEmpty();

    assertThat(MountTable.read().mountPointsUnder(state)).isEmpty();
    assertThat(list(volatileParent.path())).isEmpty();
    assertThat(list(state.resolve("snapshots/active"))).isEmpty();
    String containers = new ProcessCommandRunner().run(HostCommand.of(runc().toString(), "--root",
        state.resolve("runc").toString(), "list", "--quiet")).stdout();
    assertThat(containers).isBlank();

    // ... and the next build runs.
    try (ActiveSnapshot rootfs = next.snapshotter().prepare(List.of(base))) {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      ExecSpec spec = new ExecSpec(List.of("/bin/sh", "-c", "echo again"), List.of(), Map.of(), "/", 0, 0,
          List.of(), "none", "h", List.of(), false);
      assertThat(next.executor().run(spec, rootfs, out).exitCode()).isZero();
      assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo("again\n");
    }
  }
}
