package dev.stowage.runtime;

import dev.stowage.engine.spi.ActiveSnapshot;
import dev.stowage.engine.spi.ExecSpec;
import dev.stowage.engine.spi.HostMount;
import dev.stowage.engine.spi.Snapshot;
import dev.stowage.oci.Digest;
import dev.stowage.runtime.linux.ProcessCommandRunner;
import dev.stowage.runtime.overlay.OverlaySnapshotter;
import dev.stowage.runtime.runc.BundleFactory;
import dev.stowage.runtime.runc.RuncExecutor;
import dev.stowage.secrets.SecretId;
import dev.stowage.secrets.SecretValue;
import dev.stowage.secrets.tmpfs.MaterializedSecret;
import dev.stowage.secrets.tmpfs.VolatileDir;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * A build step that never ends, run in its own JVM so a test can {@code kill -9} it mid-step: a snapshot over
 * the base layer, a secret file on tmpfs, a secret environment variable, and {@code sleep} in runc.
 *
 * <p>Arguments: state directory, tmpfs parent for volatile directories, runc binary, base layer DiffID.
 */
public final class KilledStepFixture {
  private KilledStepFixture() {}

  public static void main(String[] args) throws Exception {
    Path state = Path.of(args[0]);
    Path volatileParent = Path.of(args[1]);
    OverlaySnapshotter snapshotter = new OverlaySnapshotter(state.resolve("snapshots"));
    RuncExecutor executor = new RuncExecutor(Path.of(args[2]), state.resolve("runc"),
        new BundleFactory(volatileParent, Path.of("/etc/resolv.conf")), new ProcessCommandRunner());
    ActiveSnapshot rootfs = snapshotter.prepare(List.of(new Snapshot(Digest.parse(args[3]))));
    VolatileDir secrets = VolatileDir.create(volatileParent);
    SecretValue value = SecretValue.ofUtf8(System.getenv("FIXTURE_SECRET"));
    MaterializedSecret file = MaterializedSecret.write(secrets, SecretId.of("token"), value, 0400, 0, 0);
    HostMount mount = new HostMount("bind", file.path().toString(), "/run/secrets/token", List.of("ro"));
    ExecSpec spec = new ExecSpec(List.of("/bin/sh", "-c", "echo started; exec sleep 1000"), List.of(),
        Map.of("TOKEN", value), "/", 0, 0, List.of(), "none", "h", List.of(mount), false);
    executor.run(spec, rootfs, System.out);
  }
}
