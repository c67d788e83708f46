package dev.stowage.runtime.runc;

import dev.stowage.engine.spi.ExecSpec;
import dev.stowage.runtime.linux.HostLimits;
import dev.stowage.runtime.linux.KernelAbi;
import dev.stowage.secrets.tmpfs.VolatileDir;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * Creates runtime bundles on tmpfs. The whole bundle is a {@link VolatileDir}, so {@code config.json} and any
 * secret environment value in it never touch a disk-backed file system (ARCHITECTURE.md section 2).
 */
public final class BundleFactory {
  private final Path volatileParent;
  private final Path hostResolvConf;
  private final boolean seccomp;
  private volatile RuntimeSpecFactory.Host host;

  /**
   * @param volatileParent a directory on tmpfs (refused otherwise) to create bundles in
   * @param hostResolvConf the host's resolver configuration, usually {@code /etc/resolv.conf}
   */
  public BundleFactory(Path volatileParent, Path hostResolvConf) {
    this(volatileParent, hostResolvConf, true);
  }

  /**
   * @param seccomp whether runc can apply a seccomp profile (false for a runc built without seccomp: steps then run
   *     unfiltered, as docker does on such hosts)
   */
  public BundleFactory(Path volatileParent, Path hostResolvConf, boolean seccomp) {
    this.volatileParent = volatileParent;
    this.hostResolvConf = hostResolvConf;
    this.seccomp = seccomp;
  }

  /** Writes a bundle for {@code spec} running in {@code rootfs}. The caller closes it. */
  public Bundle create(ExecSpec spec, Path rootfs) throws IOException {
    Bundle bundle = new Bundle(VolatileDir.create(volatileParent));
    try {
      Path hosts = bundle.dir().resolve("hosts");
      Path resolv = bundle.dir().resolve("resolv.conf");
      // Readable by the step's user: they are bound read-only over /etc/hosts and /etc/resolv.conf.
      writeNew(hosts, NetworkFiles.hosts(spec.hostname()).getBytes(StandardCharsets.UTF_8), "rw-r--r--");
      writeNew(resolv, NetworkFiles.resolvConf(readHostResolvConf(), spec.network().equals("host"))
          .getBytes(StandardCharsets.UTF_8), "rw-r--r--");
      RuntimeSpec runtimeSpec = RuntimeSpecFactory.create(spec, rootfs.toString(), hosts.toString(),
          resolv.toString(), host());
      try (OutputStream out = Channels.newOutputStream(Files.newByteChannel(bundle.config(),
          Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE),
          PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"))))) {
        RuntimeSpecJson.write(runtimeSpec, out);
      }
      return bundle;
    } catch (IOException | RuntimeException e) {
      bundle.close();
      throw e;
    }
  }

  /**
   * This process's open-file limit and capabilities, read from /proc once, and whether the kernel runs x32 calls:
   * they hold for the whole build.
   */
  private RuntimeSpecFactory.Host host() {
    RuntimeSpecFactory.Host known = host;
    if (known == null) {
      String status = HostLimits.selfStatus();
      known = new RuntimeSpecFactory.Host(HostLimits.openFiles(RuntimeSpecFactory.NOFILE_LIMIT), seccomp,
          HostLimits.capabilityBounding(status), KernelAbi.x32Syscalls(status));
      host = known;
    }
    return known;
  }

  private String readHostResolvConf() throws IOException {
    try {
      return Files.readString(hostResolvConf);
    } catch (NoSuchFileException e) {
      return "";
    }
  }

  private static void writeNew(Path file, byte[] content, String permissions) throws IOException {
    Files.write(file, content, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString(permissions));
  }
}
