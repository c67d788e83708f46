package dev.stowage.runtime;

import dev.stowage.runtime.linux.HostCapabilities;
import dev.stowage.runtime.linux.ProcessCommandRunner;
import dev.stowage.runtime.overlay.OverlaySnapshotter;
import dev.stowage.runtime.runc.BundleFactory;
import dev.stowage.runtime.runc.RuncExecutor;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The Linux runtime wired for a build: checks the host, then creates the overlay snapshotter under
 * {@code <state>/snapshots} and the runc executor with its state in {@code <state>/runc} and its bundles on tmpfs,
 * and first removes what killed earlier builds left (their containers, then their mounts and directories).
 */
public final class LinuxRuntime {
  private final OverlaySnapshotter snapshotter;
  private final RuncExecutor executor;
  private final List<String> swept;

  private LinuxRuntime(OverlaySnapshotter snapshotter, RuncExecutor executor, List<String> swept) {
    this.snapshotter = snapshotter;
    this.executor = executor;
    this.swept = List.copyOf(swept);
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
    RuncExecutor executor = new RuncExecutor(host.runc().orElseThrow(), stateDir.resolve("runc"),
        new BundleFactory(volatileParent, Path.of("/etc/resolv.conf")), runner);
    List<String> swept = new ArrayList<>();
    // Containers first: a killed build's container may still use its root file system.
    executor.sweepStale().forEach(id -> swept.add("container " + id));
    OverlaySnapshotter snapshotter = new OverlaySnapshotter(stateDir.resolve("snapshots"));
    snapshotter.sweepStale().forEach(dir -> swept.add("snapshot " + dir));
    return new LinuxRuntime(snapshotter, executor, swept);
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
