package dev.stowage.runtime.runc;

import dev.stowage.engine.spi.ExecSpec;
import dev.stowage.engine.spi.HostMount;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Turns an {@link ExecSpec} into the runtime spec BuildKit's runc executor would give the same step: containerd's
 * default mounts, capabilities, masked and read-only paths, Docker's default seccomp profile
 * ({@link SeccompProfile}; none with {@code --security=insecure}, as BuildKit), plus {@code /etc/hosts} and
 * {@code /etc/resolv.conf} bound from the bundle. Pure: no I/O.
 */
public final class RuntimeSpecFactory {
  /** Used when the step's environment has no {@code PATH}, as BuildKit does. */
  public static final String DEFAULT_PATH = "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

  /** containerd's default capability set, which BuildKit gives RUN steps. */
  static final List<String> DEFAULT_CAPABILITIES = List.of(
      "CAP_CHOWN", "CAP_DAC_OVERRIDE", "CAP_FSETID", "CAP_FOWNER", "CAP_MKNOD", "CAP_NET_RAW", "CAP_SETGID",
      "CAP_SETUID", "CAP_SETFCAP", "CAP_SETPCAP", "CAP_NET_BIND_SERVICE", "CAP_SYS_CHROOT", "CAP_KILL",
      "CAP_AUDIT_WRITE");

  /** Every capability runc 1.1 knows, for {@code --security=insecure}; in the kernel's bit order. */
  static final List<String> ALL_CAPABILITIES = List.of(
      "CAP_CHOWN", "CAP_DAC_OVERRIDE", "CAP_DAC_READ_SEARCH", "CAP_FOWNER", "CAP_FSETID", "CAP_KILL", "CAP_SETGID",
      "CAP_SETUID", "CAP_SETPCAP", "CAP_LINUX_IMMUTABLE", "CAP_NET_BIND_SERVICE", "CAP_NET_BROADCAST",
      "CAP_NET_ADMIN", "CAP_NET_RAW", "CAP_IPC_LOCK", "CAP_IPC_OWNER", "CAP_SYS_MODULE", "CAP_SYS_RAWIO",
      "CAP_SYS_CHROOT", "CAP_SYS_PTRACE", "CAP_SYS_PACCT", "CAP_SYS_ADMIN", "CAP_SYS_BOOT", "CAP_SYS_NICE",
      "CAP_SYS_RESOURCE", "CAP_SYS_TIME", "CAP_SYS_TTY_CONFIG", "CAP_MKNOD", "CAP_LEASE", "CAP_AUDIT_WRITE",
      "CAP_AUDIT_CONTROL", "CAP_SETFCAP", "CAP_MAC_OVERRIDE", "CAP_MAC_ADMIN", "CAP_SYSLOG", "CAP_WAKE_ALARM",
      "CAP_BLOCK_SUSPEND", "CAP_AUDIT_READ", "CAP_PERFMON", "CAP_BPF", "CAP_CHECKPOINT_RESTORE");

  static final List<String> MASKED_PATHS = List.of(
      "/proc/acpi", "/proc/asound", "/proc/kcore", "/proc/keys", "/proc/latency_stats", "/proc/timer_list",
      "/proc/timer_stats", "/proc/sched_debug", "/sys/firmware", "/sys/devices/virtual/powercap", "/proc/scsi");

  static final List<String> READONLY_PATHS = List.of(
      "/proc/bus", "/proc/fs", "/proc/irq", "/proc/sys", "/proc/sysrq-trigger");

  /** Open files: BuildKit raises the limit to this for builds (package managers open many). */
  public static final long NOFILE_LIMIT = 1_048_576;

  private RuntimeSpecFactory() {}

  /**
   * The runtime spec for {@code spec} with its root file system at {@code rootPath}.
   *
   * @param hostsFile the host path of the {@code /etc/hosts} to bind (in the bundle)
   * @param resolvConf the host path of the {@code /etc/resolv.conf} to bind (in the bundle)
   */
  public static RuntimeSpec create(ExecSpec spec, String rootPath, String hostsFile, String resolvConf) {
    return create(spec, rootPath, hostsFile, resolvConf, NOFILE_LIMIT);
  }

  /** As {@link #create(ExecSpec, String, String, String)}, with the open-files limit the host can give. */
  public static RuntimeSpec create(ExecSpec spec, String rootPath, String hostsFile, String resolvConf,
      long openFiles) {
    return create(spec, rootPath, hostsFile, resolvConf, new Host(openFiles, true, -1L, true));
  }

  /**
   * What the host lets a container have.
   *
   * @param openFiles the open-files limit it can give
   * @param seccomp whether runc can filter syscalls (a runc built without seccomp refuses any profile: no profile
   *     is set then)
   * @param capabilityBounding this process's capability bounding set as a bit mask ({@code CapBnd}); a capability
   *     outside it cannot be given (runc fails to start), so it is left out, as containerd does for privileged
   *     containers
   * @param x32Syscalls whether the kernel runs x32 system calls (x86-64): the seccomp filter lists x32 only then
   */
  public record Host(long openFiles, boolean seccomp, long capabilityBounding, boolean x32Syscalls) {}

  /** As {@link #create(ExecSpec, String, String, String)}, within what {@code host} allows. */
  public static RuntimeSpec create(ExecSpec spec, String rootPath, String hostsFile, String resolvConf, Host host) {
    List<String> env = new ArrayList<>(spec.env());
    if (env.stream().noneMatch(e -> e.startsWith("PATH=")) && !spec.secretEnv().containsKey("PATH")) {
      env.add(0, DEFAULT_PATH);
    }
    RuntimeSpec.Process process = new RuntimeSpec.Process(
        spec.argv(),
        env,
        spec.secretEnv(),
        spec.cwd(),
        new RuntimeSpec.User(spec.uid(), spec.gid(),
            spec.additionalGids().stream().map(Integer::longValue).toList()),
        new RuntimeSpec.Capabilities(capabilities(spec, host)),
        List.of(new RuntimeSpec.Rlimit("RLIMIT_NOFILE", host.openFiles(), host.openFiles())),
        !spec.insecure());
    return new RuntimeSpec(process, rootPath, spec.hostname(), mounts(spec, hostsFile, resolvConf),
        linux(spec, host));
  }

  /** The container paths every step gets a mount at, before the step's own mounts. */
  public static List<String> defaultDestinations() {
    return defaultMounts("", "").stream().map(RuntimeSpec.Mount::destination).toList();
  }

  static List<RuntimeSpec.Mount> mounts(ExecSpec spec, String hostsFile, String resolvConf) {
    List<RuntimeSpec.Mount> mounts = new ArrayList<>(defaultMounts(hostsFile, resolvConf));
    for (HostMount mount : spec.mounts()) {
      mounts.add(toSpecMount(mount));
    }
    return mounts;
  }

  private static List<RuntimeSpec.Mount> defaultMounts(String hostsFile, String resolvConf) {
    return List.of(
        new RuntimeSpec.Mount("/proc", "proc", "proc", List.of("nosuid", "noexec", "nodev")),
        new RuntimeSpec.Mount("/dev", "tmpfs", "tmpfs", List.of("nosuid", "strictatime", "mode=755", "size=65536k")),
        new RuntimeSpec.Mount("/dev/pts", "devpts", "devpts",
            List.of("nosuid", "noexec", "newinstance", "ptmxmode=0666", "mode=0620", "gid=5")),
        new RuntimeSpec.Mount("/dev/shm", "tmpfs", "shm",
            List.of("nosuid", "noexec", "nodev", "mode=1777", "size=65536k")),
        new RuntimeSpec.Mount("/dev/mqueue", "mqueue", "mqueue", List.of("nosuid", "noexec", "nodev")),
        new RuntimeSpec.Mount("/sys", "sysfs", "sysfs", List.of("nosuid", "noexec", "nodev", "ro")),
        new RuntimeSpec.Mount("/sys/fs/cgroup", "cgroup", "cgroup", List.of("nosuid", "noexec", "nodev", "relatime",
            "ro")),
        new RuntimeSpec.Mount("/etc/resolv.conf", "bind", resolvConf, List.of("rbind", "ro")),
        new RuntimeSpec.Mount("/etc/hosts", "bind", hostsFile, List.of("rbind", "ro")));
  }

  /** A bind mount needs {@code rbind} (or {@code bind}) among its options for runc to bind rather than mount. */
  static RuntimeSpec.Mount toSpecMount(HostMount mount) {
    List<String> options = new ArrayList<>(mount.options());
    if (mount.type().equals("bind") && !options.contains("bind") && !options.contains("rbind")) {
      options.add(0, "rbind");
    }
    return new RuntimeSpec.Mount(mount.destination(), mount.type(), mount.source(), options);
  }

  /** containerd's defaults, or every capability for {@code --security=insecure}; only those the host can give. */
  static List<String> capabilities(ExecSpec spec, Host host) {
    return (spec.insecure() ? ALL_CAPABILITIES : DEFAULT_CAPABILITIES).stream()
        .filter(name -> (host.capabilityBounding() >>> ALL_CAPABILITIES.indexOf(name) & 1) == 1)
        .toList();
  }

  private static RuntimeSpec.Linux linux(ExecSpec spec, Host host) {
    List<String> namespaces = new ArrayList<>(List.of("pid", "ipc", "uts", "mount"));
    if (!spec.network().equals("host")) {
      namespaces.add("network"); // none: a fresh namespace with only loopback, which runc brings up
    }
    namespaces.add("cgroup");
    return spec.insecure()
        ? new RuntimeSpec.Linux(namespaces, List.of(), List.of(), Optional.empty())
        : new RuntimeSpec.Linux(namespaces, MASKED_PATHS, READONLY_PATHS, host.seccomp()
            ? Optional.of(SeccompProfile.dockerDefault(capabilities(spec, host), host.x32Syscalls()))
            : Optional.empty());
  }
}
