package dev.stowage.runtime.runc;

import dev.stowage.runtime.runc.RuntimeSpec.Seccomp;
import dev.stowage.runtime.runc.RuntimeSpec.SyscallArg;
import dev.stowage.runtime.runc.RuntimeSpec.SyscallRule;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Docker's default seccomp profile (moby {@code profiles/seccomp/default.json}, which BuildKit also gives RUN
 * steps), written from its rules rather than copied: an allow-list, with {@code SCMP_ACT_ERRNO} (EPERM) for every
 * other syscall. Rules that moby includes only for some capabilities, architectures or kernels are resolved here for
 * the step's capabilities and this host, as moby does when it turns the profile into a runtime spec: so with
 * containerd's default capabilities {@code mount}, {@code unshare}, {@code setns}, {@code bpf}, {@code keyctl},
 * {@code kexec_load}, module loading, {@code ptrace} of other processes' memory on old kernels, {@code reboot},
 * {@code swapon} and clock setting all fail with EPERM, {@code clone} may not create namespaces, {@code clone3}
 * reports ENOSYS (so C libraries fall back to {@code clone}) and {@code io_uring} is refused. Syscall names the host's
 * libseccomp does not know are skipped by runc. One departure: on an x86-64 kernel that does not run x32 calls (most
 * are built without them; Debian's turn them off at boot), x32 is left out of the architectures. Such a call gets
 * ENOSYS from the kernel with x32 listed and kills the caller (an architecture the filter does not know) without,
 * and listing it costs runc about 5 ms per container (a quarter of what the whole filter costs it). Pure: no I/O.
 */
public final class SeccompProfile {
  /** The errno of a refused syscall: EPERM, as Docker. */
  static final int EPERM = 1;
  private static final int ENOSYS = 38;
  /** The namespace flags of clone(2): CLONE_NEWNS, NEWCGROUP, NEWUTS, NEWIPC, NEWUSER, NEWPID, NEWNET. */
  private static final long CLONE_NAMESPACE_FLAGS = 0x7E020000L;
  private static final long AF_VSOCK = 40;

  /** Allowed whatever the capabilities (moby's first, unconditional rule). */
  static final List<String> ALLOWED = List.of(
      "accept", "accept4", "access", "adjtimex", "alarm", "bind", "brk", "cachestat", "capget", "capset", "chdir",
      "chmod", "chown", "chown32", "clock_adjtime", "clock_adjtime64", "clock_getres", "clock_getres_time64",
      "clock_gettime", "clock_gettime64", "clock_nanosleep", "clock_nanosleep_time64", "close", "close_range",
      "connect", "copy_file_range", "creat", "dup", "dup2", "dup3", "epoll_create", "epoll_create1", "epoll_ctl",
      "epoll_ctl_old", "epoll_pwait", "epoll_pwait2", "epoll_wait", "epoll_wait_old", "eventfd", "eventfd2",
      "execve", "execveat", "exit", "exit_group", "faccessat", "faccessat2", "fadvise64", "fadvise64_64",
      "fallocate", "fanotify_mark", "fchdir", "fchmod", "fchmodat", "fchmodat2", "fchown", "fchown32", "fchownat",
      "fcntl", "fcntl64", "fdatasync", "fgetxattr", "flistxattr", "flock", "fork", "fremovexattr", "fsetxattr",
      "fstat", "fstat64", "fstatat64", "fstatfs", "fstatfs64", "fsync", "ftruncate", "ftruncate64", "futex",
      "futex_requeue", "futex_time64", "futex_wait", "futex_waitv", "futex_wake", "futimesat", "getcpu", "getcwd",
      "getdents", "getdents64", "getegid", "getegid32", "geteuid", "geteuid32", "getgid", "getgid32", "getgroups",
      "getgroups32", "getitimer", "getpeername", "getpgid", "getpgrp", "getpid", "getppid", "getpriority",
      "getrandom", "getresgid", "getresgid32", "getresuid", "getresuid32", "getrlimit", "get_robust_list",
      "getrusage", "getsid", "getsockname", "getsockopt", "get_thread_area", "gettid", "gettimeofday", "getuid",
      "getuid32", "getxattr", "inotify_add_watch", "inotify_init", "inotify_init1", "inotify_rm_watch", "io_cancel",
      "ioctl", "io_destroy", "io_getevents", "io_pgetevents", "io_pgetevents_time64", "ioprio_get", "ioprio_set",
      "io_setup", "io_submit", "ipc", "kill", "landlock_add_rule", "landlock_create_ruleset",
      "landlock_restrict_self", "lchown", "lchown32", "lgetxattr", "link", "linkat", "listen", "listxattr",
      "llistxattr", "_llseek", "lremovexattr", "lseek", "lsetxattr", "lstat", "lstat64", "madvise",
      "map_shadow_stack", "membarrier", "memfd_create", "memfd_secret", "mincore", "mkdir", "mkdirat", "mknod",
      "mknodat", "mlock", "mlock2", "mlockall", "mmap", "mmap2", "mprotect", "mq_getsetattr", "mq_notify",
      "mq_open", "mq_timedreceive", "mq_timedreceive_time64", "mq_timedsend", "mq_timedsend_time64", "mq_unlink",
      "mremap", "msgctl", "msgget", "msgrcv", "msgsnd", "msync", "munlock", "munlockall", "munmap",
      "name_to_handle_at", "nanosleep", "newfstatat", "_newselect", "open", "openat", "openat2", "pause",
      "pidfd_open", "pidfd_send_signal", "pipe", "pipe2", "pkey_alloc", "pkey_free", "pkey_mprotect", "poll",
      "ppoll", "ppoll_time64", "prctl", "pread64", "preadv", "preadv2", "prlimit64", "process_mrelease", "pselect6",
      "pselect6_time64", "pwrite64", "pwritev", "pwritev2", "read", "readahead", "readlink", "readlinkat", "readv",
      "recv", "recvfrom", "recvmmsg", "recvmmsg_time64", "recvmsg", "remap_file_pages", "removexattr", "rename",
      "renameat", "renameat2", "restart_syscall", "rmdir", "rseq", "rt_sigaction", "rt_sigpending",
      "rt_sigprocmask", "rt_sigqueueinfo", "rt_sigreturn", "rt_sigsuspend", "rt_sigtimedwait",
      "rt_sigtimedwait_time64", "rt_tgsigqueueinfo", "sched_getaffinity", "sched_getattr", "sched_getparam",
      "sched_get_priority_max", "sched_get_priority_min", "sched_getscheduler", "sched_rr_get_interval",
      "sched_rr_get_interval_time64", "sched_setaffinity", "sched_setattr", "sched_setparam", "sched_setscheduler",
      "sched_yield", "seccomp", "select", "semctl", "semget", "semop", "semtimedop", "semtimedop_time64", "send",
      "sendfile", "sendfile64", "sendmmsg", "sendmsg", "sendto", "setfsgid", "setfsgid32", "setfsuid",
      "setfsuid32", "setgid", "setgid32", "setgroups", "setgroups32", "setitimer", "setpgid", "setpriority",
      "setregid", "setregid32", "setresgid", "setresgid32", "setresuid", "setresuid32", "setreuid", "setreuid32",
      "setrlimit", "set_robust_list", "setsid", "setsockopt", "set_thread_area", "set_tid_address", "setuid",
      "setuid32", "setxattr", "shmat", "shmctl", "shmdt", "shmget", "shutdown", "sigaltstack", "signalfd",
      "signalfd4", "sigprocmask", "sigreturn", "socketcall", "socketpair", "splice", "stat", "stat64", "statfs",
      "statfs64", "statx", "symlink", "symlinkat", "sync", "sync_file_range", "syncfs", "sysinfo", "tee", "tgkill",
      "time", "timer_create", "timer_delete", "timer_getoverrun", "timer_gettime", "timer_gettime64",
      "timer_settime", "timer_settime64", "timerfd_create", "timerfd_gettime", "timerfd_gettime64",
      "timerfd_settime", "timerfd_settime64", "times", "tkill", "truncate", "truncate64", "ugetrlimit", "umask",
      "uname", "unlink", "unlinkat", "utime", "utimensat", "utimensat_time64", "utimes", "vfork", "vmsplice",
      "wait4", "waitid", "waitpid", "write", "writev");

  /** A set of syscalls moby allows only with one capability. */
  record CapabilityRule(String capability, List<String> names) {}

  static final List<CapabilityRule> BY_CAPABILITY = List.of(
      new CapabilityRule("CAP_DAC_READ_SEARCH", List.of("open_by_handle_at")),
      new CapabilityRule("CAP_SYS_ADMIN", List.of("bpf", "clone", "clone3", "fanotify_init", "fsconfig", "fsmount",
          "fsopen", "fspick", "lookup_dcookie", "mount", "mount_setattr", "move_mount", "open_tree",
          "perf_event_open", "quotactl", "quotactl_fd", "setdomainname", "sethostname", "setns", "syslog", "umount",
          "umount2", "unshare")),
      new CapabilityRule("CAP_SYS_BOOT", List.of("reboot")),
      new CapabilityRule("CAP_SYS_CHROOT", List.of("chroot")),
      new CapabilityRule("CAP_SYS_MODULE", List.of("delete_module", "init_module", "finit_module")),
      new CapabilityRule("CAP_SYS_PACCT", List.of("acct")),
      new CapabilityRule("CAP_SYS_PTRACE", List.of("kcmp", "pidfd_getfd", "process_madvise", "process_vm_readv",
          "process_vm_writev", "ptrace")),
      new CapabilityRule("CAP_SYS_RAWIO", List.of("iopl", "ioperm")),
      new CapabilityRule("CAP_SYS_TIME", List.of("settimeofday", "stime", "clock_settime", "clock_settime64")),
      new CapabilityRule("CAP_SYS_TTY_CONFIG", List.of("vhangup")),
      new CapabilityRule("CAP_SYS_NICE", List.of("get_mempolicy", "mbind", "set_mempolicy",
          "set_mempolicy_home_node")),
      new CapabilityRule("CAP_SYSLOG", List.of("syslog")),
      new CapabilityRule("CAP_BPF", List.of("bpf")),
      new CapabilityRule("CAP_PERFMON", List.of("perf_event_open")));

  private static final Pattern KERNEL = Pattern.compile("^(\\d+)\\.(\\d+)");

  private SeccompProfile() {}

  /**
   * The profile for a step with {@code capabilities} on this machine (its architecture and kernel).
   *
   * @param x32Syscalls whether the kernel runs x32 calls ({@code KernelAbi.x32Syscalls(status)}; x86-64 only)
   */
  public static Seccomp dockerDefault(List<String> capabilities, boolean x32Syscalls) {
    return dockerDefault(capabilities, System.getProperty("os.arch", ""), System.getProperty("os.version", ""),
        x32Syscalls);
  }

  /**
   * The profile for a step with {@code capabilities} on a host of this architecture (Java's {@code os.arch}:
   * {@code amd64}, {@code aarch64}...) and kernel release ({@code 6.1.0-18-amd64}), whose kernel runs x32 calls
   * or not.
   */
  static Seccomp dockerDefault(List<String> capabilities, String javaArch, String kernelRelease,
      boolean x32Syscalls) {
    String arch = goArch(javaArch);
    Set<String> caps = Set.copyOf(capabilities);
    List<SyscallRule> rules = new ArrayList<>();
    rules.add(allow(ALLOWED));
    // Sockets of every family but vsock, which reaches the host's hypervisor services.
    rules.add(allow(List.of("socket"), new SyscallArg(0, AF_VSOCK, 0, "SCMP_CMP_NE")));
    // Only the execution domains programs ask for in practice (Linux, and 32-bit address limits).
    for (long persona : List.of(0x0L, 0x0008L, 0x20000L, 0x20008L, 0xffffffffL)) {
      rules.add(allow(List.of("personality"), new SyscallArg(0, persona, 0, "SCMP_CMP_EQ")));
    }
    if (atLeast(kernelRelease, 4, 8)) { // since 4.8, seccomp is checked again after ptrace: it cannot escape
      rules.add(allow(List.of("process_vm_readv", "process_vm_writev", "ptrace")));
    }
    switch (arch) {
      case "amd64", "x32" -> {
        rules.add(allow(List.of("arch_prctl")));
        rules.add(allow(List.of("modify_ldt")));
      }
      case "x86" -> rules.add(allow(List.of("modify_ldt")));
      case "arm", "arm64" -> rules.add(allow(List.of("arm_fadvise64_64", "arm_sync_file_range",
          "sync_file_range2", "breakpoint", "cacheflush", "set_tls")));
      case "s390", "s390x" -> rules.add(allow(List.of("s390_pci_mmio_read", "s390_pci_mmio_write",
          "s390_runtime_instr")));
      case "riscv64" -> rules.add(allow(List.of("riscv_flush_icache")));
      default -> { }
    }
    for (CapabilityRule rule : BY_CAPABILITY) {
      if (caps.contains(rule.capability())) {
        rules.add(allow(rule.names()));
      }
    }
    if (!caps.contains("CAP_SYS_ADMIN")) {
      // Threads and processes, never new namespaces (s390 has the flags in the second argument).
      int flagsArg = arch.startsWith("s390") ? 1 : 0;
      rules.add(allow(List.of("clone"), new SyscallArg(flagsArg, CLONE_NAMESPACE_FLAGS, 0, "SCMP_CMP_MASKED_EQ")));
      // clone3 passes its flags in memory seccomp cannot read: ENOSYS makes C libraries use clone instead.
      rules.add(new SyscallRule(List.of("clone3"), "SCMP_ACT_ERRNO", Optional.of(ENOSYS), List.of()));
    }
    return new Seccomp("SCMP_ACT_ERRNO", EPERM, architectures(arch, x32Syscalls), rules);
  }

  /**
   * The architectures a process of this host may call syscalls in (the native one and its compat modes; x32 only
   * where the kernel runs it).
   */
  static List<String> architectures(String goArch, boolean x32Syscalls) {
    return switch (goArch) {
      case "amd64" -> x32Syscalls ? List.of("SCMP_ARCH_X86_64", "SCMP_ARCH_X86", "SCMP_ARCH_X32")
          : List.of("SCMP_ARCH_X86_64", "SCMP_ARCH_X86");
      case "arm64" -> List.of("SCMP_ARCH_AARCH64", "SCMP_ARCH_ARM");
      case "x86" -> List.of("SCMP_ARCH_X86");
      case "arm" -> List.of("SCMP_ARCH_ARM");
      case "ppc64le" -> List.of("SCMP_ARCH_PPC64LE");
      case "s390x" -> List.of("SCMP_ARCH_S390X", "SCMP_ARCH_S390");
      case "riscv64" -> List.of("SCMP_ARCH_RISCV64");
      default -> List.of(); // runc then filters the native architecture only
    };
  }

  /** Java's {@code os.arch} in Go's words, which moby's profile uses. */
  static String goArch(String javaArch) {
    String arch = javaArch.toLowerCase(Locale.ROOT);
    return switch (arch) {
      case "amd64", "x86_64" -> "amd64";
      case "aarch64", "arm64" -> "arm64";
      case "x86", "i386", "i486", "i586", "i686" -> "x86";
      case "arm", "armv7l" -> "arm";
      default -> arch;
    };
  }

  static boolean atLeast(String kernelRelease, int major, int minor) {
    Matcher m = KERNEL.matcher(kernelRelease);
    if (!m.find()) {
      return false;
    }
    int foundMajor = Integer.parseInt(m.group(1));
    int foundMinor = Integer.parseInt(m.group(2));
    return foundMajor > major || (foundMajor == major && foundMinor >= minor);
  }

  private static SyscallRule allow(List<String> names, SyscallArg... args) {
    return new SyscallRule(names, "SCMP_ACT_ALLOW", Optional.empty(), List.of(args));
  }
}
