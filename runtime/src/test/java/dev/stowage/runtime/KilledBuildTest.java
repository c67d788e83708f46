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
import dev.stowage.runtime.linux.TmpfsSystemMounts;
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

/**
 * A build killed during a secret RUN, in a JVM of its own: SIGTERM stops the container and unmounts at once;
 * after {@code kill -9} the next start removes every mount, container, bundle and secret file left behind.
 */
@Tag("linux-root")
class KilledBuildTest {
  private Path state;
  private VolatileDir bundles;
  private VolatileDir secrets;
  private Snapshot base;
  private Process child;

  @BeforeEach
  void setUp() throws IOException {
    RuntimeFixtures.assumeLinuxRoot();
    state = RuntimeFixtures.stateDir();
    bundles = VolatileDir.create(Path.of("/dev/shm"));
    secrets = VolatileDir.create(Path.of("/dev/shm"));
    LayerFile busybox = RuntimeFixtures.busyboxLayer(state);
    base = new OverlaySnapshotter(state.resolve("snapshots")).unpack(busybox.diffId(), busybox::open);
  }

  @AfterEach
  void tearDown() throws IOException {
    if (child != null) {
      child.destroyForcibly();
    }
    if (state != null) {
      LinuxRuntime.open(state, bundles.path()).close(); // sweeps whatever a failed test left
      RuntimeFixtures.removeStateDir(state);
    }
    if (bundles != null) {
      bundles.close();
      secrets.close();
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

  private String containers() {
    return new ProcessCommandRunner().run(HostCommand.of(runc().toString(), "--root",
        state.resolve("runc").toString(), "list", "--quiet")).stdout();
  }

  /** Starts the fixture and waits until its container runs. */
  private void startStep() throws IOException {
    byte[] random = new byte[16];
    new SecureRandom().nextBytes(random);
    ProcessBuilder builder = new ProcessBuilder(ProcessHandle.current().info().command().orElseThrow(), "-cp",
        System.getProperty("java.class.path"), KilledStepFixture.class.getName(), state.toString(),
        bundles.path().toString(), secrets.path().toString(), base.diffId().toString())
        .redirectErrorStream(true);
    builder.environment().put("FIXTURE_SECRET", "canary-" + HexFormat.of().formatHex(random));
    child = builder.start();
    BufferedReader output = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
    StringBuilder seen = new StringBuilder();
    for (String line; (line = output.readLine()) != null && !line.equals("started"); ) {
      seen.append(line).append('\n');
    }
    assertThat(child.isAlive()).as("the step runs; output so far: %s", seen).isTrue();
    assertThat(MountTable.read().mountPointsUnder(state)).as("the step's overlay").hasSize(1);
    assertThat(containers()).isNotBlank();
  }

  @Test
  void sigtermStopsTheContainerAndUnmountsAtOnce() throws Exception {
    startStep();

    child.destroy(); // SIGTERM: shutdown hooks run
    assertThat(child.waitFor(60, TimeUnit.SECONDS)).isTrue();

    assertThat(MountTable.read().mountPointsUnder(state)).isEmpty();
    assertThat(containers()).isBlank();
    assertThat(list(bundles.path())).as("bundles").isEmpty();
    assertThat(list(state.resolve("snapshots/active"))).isEmpty();
  }

  @Test
  void afterKill9TheNextStartRemovesEverythingLeftBehind() throws Exception {
    startStep();

    child.destroyForcibly(); // SIGKILL: no finally block or shutdown hook runs
    assertThat(child.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(list(bundles.path())).as("the bundle is left").hasSize(1);
    assertThat(list(secrets.path())).as("the secret file's directory is left").hasSize(1);

    // What the next start does:
    try (LinuxRuntime next = LinuxRuntime.open(state, bundles.path())) {
      assertThat(next.swept()).hasSize(2).anySatisfy(s -> assertThat(s).startsWith("container stowage-"))
          .anySatisfy(s -> assertThat(s).startsWith("snapshot "));
      StaleVolatileCleaner.Report cleaned = new StaleVolatileCleaner(TmpfsSystemMounts.system())
          .clean(List.of(bundles.path(), secrets.path()));
      assertThat(cleaned.problems()).isEmpty();

      assertThat(MountTable.read().mountPointsUnder(state)).isEmpty();
      assertThat(list(bundles.path())).isEmpty();
      assertThat(list(secrets.path())).isEmpty();
      assertThat(list(state.resolve("snapshots/active"))).isEmpty();
      assertThat(containers()).isBlank();

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
}
