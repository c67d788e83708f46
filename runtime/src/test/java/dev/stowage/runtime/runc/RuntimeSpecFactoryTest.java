package dev.stowage.runtime.runc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stowage.engine.spi.ExecSpec;
import dev.stowage.engine.spi.HostMount;
import dev.stowage.secrets.SecretValue;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RuntimeSpecFactoryTest {

  static ExecSpec spec(String network, boolean insecure, List<String> env, List<HostMount> mounts) {
    return new ExecSpec(List.of("/bin/sh", "-c", "true"), env, Map.of(), "/work", 1000, 1001, List.of(27),
        network, "buildkitsandbox", mounts, insecure);
  }

  @Test
  void givesBuildKitsDefaultsForAPlainStep() {
    RuntimeSpec runtime = RuntimeSpecFactory.create(spec("none", false, List.of("A=1"), List.of()), "/rootfs",
        "/bundle/hosts", "/bundle/resolv.conf");

    assertThat(runtime.rootPath()).isEqualTo("/rootfs");
    assertThat(runtime.hostname()).isEqualTo("buildkitsandbox");
    assertThat(runtime.process().user()).isEqualTo(new RuntimeSpec.User(1000, 1001, List.of(27L)));
    assertThat(runtime.process().cwd()).isEqualTo("/work");
    assertThat(runtime.process().env()).containsExactly(RuntimeSpecFactory.DEFAULT_PATH, "A=1");
    assertThat(runtime.process().noNewPrivileges()).isTrue();
    assertThat(runtime.process().capabilities().names()).hasSize(14).contains("CAP_CHOWN", "CAP_NET_RAW")
        .doesNotContain("CAP_SYS_ADMIN");
    assertThat(runtime.process().rlimits())
        .containsExactly(new RuntimeSpec.Rlimit("RLIMIT_NOFILE", 1_048_576, 1_048_576));
    assertThat(runtime.mounts()).extracting(RuntimeSpec.Mount::destination).containsExactly(
        "/proc", "/dev", "/dev/pts", "/dev/shm", "/dev/mqueue", "/sys", "/sys/fs/cgroup", "/etc/resolv.conf",
        "/etc/hosts");
    assertThat(runtime.mounts().get(1).options()).containsExactly("nosuid", "strictatime", "mode=755",
        "size=65536k");
    assertThat(runtime.mounts().get(7))
        .isEqualTo(new RuntimeSpec.Mount("/etc/resolv.conf", "bind", "/bundle/resolv.conf", List.of("rbind", "ro")));
    assertThat(runtime.linux().namespaces()).containsExactly("pid", "ipc", "uts", "mount", "network", "cgroup");
    assertThat(runtime.linux().maskedPaths()).contains("/proc/kcore", "/sys/firmware");
    assertThat(runtime.linux().readonlyPaths()).contains("/proc/sys", "/proc/sysrq-trigger");
  }

  @Test
  void hostNetworkSharesTheHostNamespaceAndKeepsTheStepsPath() {
    RuntimeSpec runtime = RuntimeSpecFactory.create(spec("host", false, List.of("PATH=/bin"), List.of()), "/r",
        "/h", "/c");

    assertThat(runtime.linux().namespaces()).doesNotContain("network");
    assertThat(runtime.process().env()).containsExactly("PATH=/bin");
  }

  @Test
  void insecureGivesEveryCapabilityAndNothingMasked() {
    RuntimeSpec runtime = RuntimeSpecFactory.create(spec("none", true, List.of(), List.of()), "/r", "/h", "/c");

    assertThat(runtime.process().capabilities().names()).contains("CAP_SYS_ADMIN", "CAP_NET_ADMIN");
    assertThat(runtime.process().noNewPrivileges()).isFalse();
    assertThat(runtime.linux().maskedPaths()).isEmpty();
    assertThat(runtime.linux().readonlyPaths()).isEmpty();
    assertThat(runtime.linux().seccomp()).as("--security=insecure runs unfiltered, as in BuildKit").isEmpty();
  }

  @Test
  void aPlainStepGetsDockersSeccompProfileForItsCapabilities() {
    RuntimeSpec runtime = RuntimeSpecFactory.create(spec("none", false, List.of(), List.of()), "/r", "/h", "/c");

    RuntimeSpec.Seccomp seccomp = runtime.linux().seccomp().orElseThrow();
    assertThat(seccomp.defaultAction()).isEqualTo("SCMP_ACT_ERRNO");
    List<String> allowed = seccomp.syscalls().stream().filter(r -> r.action().equals("SCMP_ACT_ALLOW"))
        .flatMap(r -> r.names().stream()).toList();
    assertThat(allowed).contains("chroot").doesNotContain("mount", "unshare", "setns", "reboot", "kexec_load");
  }

  @Test
  void withoutSeccompInRuncNoProfileIsSet() {
    RuntimeSpec runtime = RuntimeSpecFactory.create(spec("none", false, List.of(), List.of()), "/r", "/h", "/c",
        new RuntimeSpecFactory.Host(1024, false, -1L, true));

    assertThat(runtime.linux().seccomp()).isEmpty();
  }

  @Test
  void capabilitiesTheHostCannotGiveAreLeftOut() {
    long withoutSysResource = -1L & ~(1L << 24);

    RuntimeSpec runtime = RuntimeSpecFactory.create(spec("none", true, List.of(), List.of()), "/r", "/h", "/c",
        new RuntimeSpecFactory.Host(1024, true, withoutSysResource, true));

    assertThat(runtime.process().capabilities().names()).contains("CAP_SYS_ADMIN", "CAP_SYS_TIME")
        .doesNotContain("CAP_SYS_RESOURCE").hasSize(RuntimeSpecFactory.ALL_CAPABILITIES.size() - 1);
    assertThat(RuntimeSpecFactory.ALL_CAPABILITIES.indexOf("CAP_SYS_RESOURCE")).isEqualTo(24);
    assertThat(RuntimeSpecFactory.ALL_CAPABILITIES.indexOf("CAP_CHECKPOINT_RESTORE")).isEqualTo(40);
  }

  @Test
  void stepMountsFollowTheDefaultsInOrderAndBindsGetRbind() {
    HostMount secret = new HostMount("bind", "/dev/shm/x/secret", "/run/secrets/token",
        List.of("ro", "nosuid", "nodev", "noexec"));
    HostMount tmpfs = new HostMount("tmpfs", "tmpfs", "/cache", List.of("size=64m"));
    HostMount explicit = new HostMount("bind", "/ctx", "/src", List.of("bind", "ro"));

    RuntimeSpec runtime = RuntimeSpecFactory.create(spec("none", false, List.of(), List.of(secret, tmpfs, explicit)),
        "/r", "/h", "/c");

    List<RuntimeSpec.Mount> mounts = runtime.mounts();
    assertThat(mounts.subList(9, 12)).containsExactly(
        new RuntimeSpec.Mount("/run/secrets/token", "bind", "/dev/shm/x/secret",
            List.of("rbind", "ro", "nosuid", "nodev", "noexec")),
        new RuntimeSpec.Mount("/cache", "tmpfs", "tmpfs", List.of("size=64m")),
        new RuntimeSpec.Mount("/src", "bind", "/ctx", List.of("bind", "ro")));
  }

  @Test
  void aSecretPathReplacesTheDefaultPath() {
    ExecSpec spec = new ExecSpec(List.of("true"), List.of(), Map.of("PATH", SecretValue.ofUtf8("/secret/bin")),
        "/", 0, 0, List.of(), "none", "h", List.of(), false);

    assertThat(RuntimeSpecFactory.create(spec, "/r", "/h", "/c").process().env()).isEmpty();
  }
}
