package dev.stowage.runtime.runc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stowage.runtime.runc.RuntimeSpec.Seccomp;
import dev.stowage.runtime.runc.RuntimeSpec.SyscallArg;
import dev.stowage.runtime.runc.RuntimeSpec.SyscallRule;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SeccompProfileTest {
  private static final List<String> DEFAULT_CAPS = RuntimeSpecFactory.DEFAULT_CAPABILITIES;

  private static Set<String> allowedUnconditionally(Seccomp profile) {
    Set<String> names = new HashSet<>();
    for (SyscallRule rule : profile.syscalls()) {
      if (rule.action().equals("SCMP_ACT_ALLOW") && rule.args().isEmpty()) {
        names.addAll(rule.names());
      }
    }
    return names;
  }

  private static List<SyscallRule> rulesFor(Seccomp profile, String name) {
    return profile.syscalls().stream().filter(r -> r.names().contains(name)).toList();
  }

  @Test
  void refusesWithEpermWhatIsNotAllowedOnEveryX86Abi() {
    Seccomp profile = SeccompProfile.dockerDefault(DEFAULT_CAPS, "amd64", "6.1.0-18-amd64", true);

    assertThat(profile.defaultAction()).isEqualTo("SCMP_ACT_ERRNO");
    assertThat(profile.defaultErrnoRet()).isEqualTo(1);
    assertThat(profile.architectures()).containsExactly("SCMP_ARCH_X86_64", "SCMP_ARCH_X86", "SCMP_ARCH_X32");
  }

  @Test
  void x32IsListedOnlyWhereTheKernelRunsIt() {
    assertThat(SeccompProfile.dockerDefault(DEFAULT_CAPS, "amd64", "6.1.0", false).architectures())
        .containsExactly("SCMP_ARCH_X86_64", "SCMP_ARCH_X86");
    assertThat(SeccompProfile.dockerDefault(DEFAULT_CAPS, "aarch64", "6.1.0", false).architectures())
        .containsExactly("SCMP_ARCH_AARCH64", "SCMP_ARCH_ARM");
  }

  @Test
  void withContainerdsDefaultCapabilitiesTheDangerousSyscallsStayBlocked() {
    Set<String> allowed =
        allowedUnconditionally(SeccompProfile.dockerDefault(DEFAULT_CAPS, "amd64", "6.1.0", true));

    assertThat(allowed).contains("read", "openat", "execve", "chroot", "arch_prctl", "ptrace", "statx")
        .doesNotContain("mount", "umount2", "pivot_root", "unshare", "setns", "kexec_load", "open_by_handle_at",
            "init_module", "finit_module", "delete_module", "bpf", "perf_event_open", "keyctl", "add_key",
            "request_key", "reboot", "swapon", "swapoff", "acct", "settimeofday", "clock_settime", "userfaultfd",
            "io_uring_setup", "syslog", "kcmp", "clone", "socket", "personality");
  }

  @Test
  void cloneMayNotMakeNamespacesAndClone3FallsBackWithEnosys() {
    Seccomp profile = SeccompProfile.dockerDefault(DEFAULT_CAPS, "amd64", "6.1.0", true);

    assertThat(rulesFor(profile, "clone")).singleElement().satisfies(rule -> {
      assertThat(rule.action()).isEqualTo("SCMP_ACT_ALLOW");
      assertThat(rule.args()).containsExactly(new SyscallArg(0, 0x7E020000L, 0, "SCMP_CMP_MASKED_EQ"));
    });
    assertThat(rulesFor(profile, "clone3")).singleElement()
        .isEqualTo(new SyscallRule(List.of("clone3"), "SCMP_ACT_ERRNO", Optional.of(38), List.of()));
    assertThat(rulesFor(profile, "socket")).singleElement().satisfies(rule ->
        assertThat(rule.args()).containsExactly(new SyscallArg(0, 40, 0, "SCMP_CMP_NE")));
  }

  @Test
  void capabilitiesOpenTheirSyscallsAsInMoby() {
    Seccomp admin =
        SeccompProfile.dockerDefault(List.of("CAP_SYS_ADMIN", "CAP_SYS_TIME"), "aarch64", "5.10.0", true);

    assertThat(allowedUnconditionally(admin)).contains("mount", "unshare", "setns", "clone", "clone3",
        "settimeofday", "cacheflush").doesNotContain("arch_prctl", "reboot", "init_module");
    assertThat(rulesFor(admin, "clone3")).allMatch(r -> r.action().equals("SCMP_ACT_ALLOW"));
    assertThat(admin.architectures()).containsExactly("SCMP_ARCH_AARCH64", "SCMP_ARCH_ARM");
  }

  @Test
  void ptraceOnlyOnKernelsThatCheckSeccompAfterIt() {
    assertThat(allowedUnconditionally(SeccompProfile.dockerDefault(DEFAULT_CAPS, "amd64", "4.4.0-210", true)))
        .doesNotContain("ptrace", "process_vm_readv");
    assertThat(allowedUnconditionally(SeccompProfile.dockerDefault(DEFAULT_CAPS, "amd64", "4.8.0", true)))
        .contains("ptrace", "process_vm_readv");
    assertThat(SeccompProfile.atLeast("6.18.44-fc-v657", 4, 8)).isTrue();
    assertThat(SeccompProfile.atLeast("garbage", 4, 8)).isFalse();
  }

  @Test
  void anUnknownArchitectureFiltersTheNativeOneOnly() {
    assertThat(SeccompProfile.dockerDefault(DEFAULT_CAPS, "sparc", "6.1", true).architectures()).isEmpty();
    assertThat(SeccompProfile.goArch("x86_64")).isEqualTo("amd64");
  }
}
