package dev.stowage.runtime;

import dev.stowage.engine.spi.ActiveSnapshot;
import dev.stowage.engine.spi.ExecSpec;
import dev.stowage.engine.spi.HostMount;
import dev.stowage.engine.spi.Snapshot;
import dev.stowage.oci.Digest;
import dev.stowage.secrets.SecretId;
import dev.stowage.secrets.SecretValue;
import dev.stowage.secrets.tmpfs.MaterializedSecret;
import dev.stowage.secrets.tmpfs.VolatileDir;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * A build step that never ends, run in its own JVM so a test can kill it mid-step ({@code kill -9} or SIGTERM): a
 * snapshot over the base layer, a secret file on tmpfs, a secret environment variable, and {@code sleep} in runc.
 *
 * <p>Arguments: state directory, tmpfs parent for bundles, tmpfs parent for secret files, base layer DiffID. The
 * secret comes in the environment variable {@code FIXTURE_SECRET}.
 */
public final class KilledStepFixture {
  private KilledStepFixture() {}

  public static void main(String[] args) throws Exception {
    LinuxRuntime runtime = LinuxRuntime.open(Path.of(args[0]), Path.of(args[1]));
    ActiveSnapshot rootfs = runtime.snapshotter().prepare(List.of(new Snapshot(Digest.parse(args[3]))));
    VolatileDir secrets = VolatileDir.create(Path.of(args[2]));
    SecretValue value = SecretValue.ofUtf8(System.getenv("FIXTURE_SECRET"));
    MaterializedSecret file = MaterializedSecret.write(secrets, SecretId.of("token"), value, 0400, 0, 0);
    HostMount mount = new HostMount("bind", file.path().toString(), "/run/secrets/token", List.of("ro"));
    ExecSpec spec = new ExecSpec(List.of("/bin/sh", "-c", "echo started; exec sleep 1000"), List.of(),
        Map.of("TOKEN", value), "/", 0, 0, List.of(), "none", "h", List.of(mount), false);
    runtime.executor().run(spec, rootfs, System.out);
  }
}
