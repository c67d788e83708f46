package dev.stowage.runtime;

import dev.stowage.oci.archive.XattrAccess;
import dev.stowage.runtime.linux.HostCapabilities;
import dev.stowage.runtime.linux.Mounter;
import dev.stowage.runtime.linux.ProcessCommandRunner;
import dev.stowage.runtime.overlay.OverlaySnapshotter;
import dev.stowage.runtime.runc.BundleFactory;
import dev.stowage.runtime.runc.RuncFeatures;
import dev.stowage.runtime.runc.RuncExecutor;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The Linux runtime wired for a build: checks the host, then creates the overlay snapshotter under
 * {@code <state>/snapshots} and the runc executor with its state in {@code <state>/runc} and its bundles on tmpfs,
 * and first removes what killed earlier builds left (their containers, then their mounts and directories). On
 * Ctrl-C or SIGTERM (a shutdown hook) or {@link #close()}, running containers are killed and open snapshots
 * unmounted; only {@code kill -9} leaves work for the next start's sweep.
 */
public final class LinuxRuntime implements AutoCloseable {
  private static final Duration STOP_WAIT = Duration.ofSeconds(10);

  private final OverlaySnapshotter snapshotter;
  private final RuncExecutor executor;
  private final List<String> swept;
  private final Thread shutdownHook;

  private LinuxRuntime(OverlaySnapshotter snapshotter, RuncExecutor executor, List<String> swept) {
    this.snapshotter = snapshotter;
    this.executor = executor;
    this.swept = List.copyOf(swept);
    this.shutdownHook = new Thread(this::stopEverything, "stowage-runtime-shutdown");
  }

  /**
   * @param stateDir the state directory on disk, e.g. {@code /var/lib/stowage}
   * @param volatileParent a directory on tmpfs for runtime bundles (secrets' {@code VolatileRoot})
   * @throws dev.stowage.runtime.linux.HostCapabilityException naming every missing piece and its Debian package
   */
  public static LinuxRuntime open(Path stateDir, Path volatileParent) throws IOException {
    HostCapabilities host = HostCapabilities.probe();
    host.requireReady();
    ProcessCommandRunner runner = new ProcessCommandRunner();
    Path runc = host.runc().orElseThrow();
    boolean seccomp = RuncFeatures.seccompEnabled(runc, runner, stateDir.resolve("runc-features"));
    RuncExecutor executor = new RuncExecutor(runc, stateDir.resolve("runc"), stateDir.resolve("runc-scratch"),
        new BundleFactory(volatileParent, Path.of("/etc/resolv.conf"), seccomp), runner);
    List<String> swept = new ArrayList<>();
    // Containers first: a killed build's container may still use its root file system.
    executor.sweepStale().forEach(id -> swept.add("container " + id));
    OverlaySnapshotter snapshotter = new OverlaySnapshotter(stateDir.resolve("snapshots"));
    snapshotter.sweepStale().forEach(dir -> swept.add("snapshot " + dir));
    LinuxRuntime runtime = new LinuxRuntime(snapshotter, executor, swept);
    // Ctrl-C and SIGTERM run shutdown hooks: stop the containers, then unmount, so nothing outlives us.
    Runtime.getRuntime().addShutdownHook(runtime.shutdownHook);
    return runtime;
  }

  /**
   * Links the system calls a build makes (mount, umount, extended attributes) now: one shared downcall and the
   * classes around it, tens of milliseconds in a cold JVM, which a caller can spend on another core while it does
   * other start-up work.
   */
  public static void linkSystemCalls() {
    XattrAccess.system();
    Mounter.linkSystemCalls();
  }

  /** Stops running containers and unmounts open snapshots; what a shutdown (Ctrl-C, SIGTERM) does too. */
  @Override
  public void close() {
    try {
      Runtime.getRuntime().removeShutdownHook(shutdownHook);
    } catch (IllegalStateException e) {
      // the JVM is shutting down: the hook is running or has run
    }
    stopEverything();
  }

  private void stopEverything() {
    executor.stopAll(STOP_WAIT);
    snapshotter.closeAll();
  }

  public OverlaySnapshotter snapshotter() {
    return snapshotter;
  }

  public RuncExecutor executor() {
    return executor;
  }

  /** What the start-up sweep removed, for a debug log line. */
  public List<String> swept() {
    return swept;
  }
}
