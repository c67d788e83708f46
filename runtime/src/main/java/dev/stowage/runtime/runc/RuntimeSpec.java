package dev.stowage.runtime.runc;

import dev.stowage.secrets.SecretValue;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The subset of the OCI runtime spec ({@code config.json}) Stowage emits for one RUN step. Secret environment
 * variables are kept apart as {@link SecretValue}s and only ever meet the plain environment in
 * {@link RuntimeSpecJson}, which writes them straight from their bytes into a bundle on tmpfs.
 */
public record RuntimeSpec(
    Process process, String rootPath, String hostname, List<Mount> mounts, Linux linux) {

  /** The runtime-spec version this subset follows (runc 1.1 reads 1.0.x). */
  public static final String OCI_VERSION = "1.0.2";

  public RuntimeSpec {
    Objects.requireNonNull(process, "process");
    Objects.requireNonNull(rootPath, "rootPath");
    Objects.requireNonNull(hostname, "hostname");
    mounts = List.copyOf(mounts);
    Objects.requireNonNull(linux, "linux");
  }

  /**
   * The container's process.
   *
   * @param env plain {@code KEY=value} entries
   * @param secretEnv variables whose values are secrets, written after {@code env} (and replacing any entry of
   *     the same name there)
   */
  public record Process(
      List<String> args,
      List<String> env,
      Map<String, SecretValue> secretEnv,
      String cwd,
      User user,
      Capabilities capabilities,
      List<Rlimit> rlimits,
      boolean noNewPrivileges) {
    public Process {
      args = List.copyOf(args);
      env = List.copyOf(env);
      secretEnv = Map.copyOf(secretEnv);
      Objects.requireNonNull(cwd, "cwd");
      Objects.requireNonNull(user, "user");
      Objects.requireNonNull(capabilities, "capabilities");
      rlimits = List.copyOf(rlimits);
    }

    @Override
    public String toString() {
      return "Process[args=" + args + ", cwd=" + cwd + ", secretEnv=" + secretEnv.keySet() + "]";
    }
  }

  public record User(long uid, long gid, List<Long> additionalGids) {
    public User {
      additionalGids = List.copyOf(additionalGids);
    }
  }

  /** One capability set is used for bounding, effective and permitted, as containerd and BuildKit do. */
  public record Capabilities(List<String> names) {
    public Capabilities {
      names = List.copyOf(names);
    }
  }

  public record Rlimit(String type, long hard, long soft) {}

  public record Mount(String destination, String type, String source, List<String> options) {
    public Mount {
      Objects.requireNonNull(destination, "destination");
      Objects.requireNonNull(type, "type");
      Objects.requireNonNull(source, "source");
      options = List.copyOf(options);
    }
  }

  /**
   * Linux specifics.
   *
   * @param namespaces the namespace types to create ({@code pid}, {@code network}...)
   * @param maskedPaths paths hidden from the process
   * @param readonlyPaths paths remounted read-only
   * @param seccomp the syscall filter; empty for none ({@code --security=insecure})
   */
  public record Linux(List<String> namespaces, List<String> maskedPaths, List<String> readonlyPaths,
      Optional<Seccomp> seccomp) {
    public Linux {
      namespaces = List.copyOf(namespaces);
      maskedPaths = List.copyOf(maskedPaths);
      readonlyPaths = List.copyOf(readonlyPaths);
      Objects.requireNonNull(seccomp, "seccomp");
    }
  }

  /**
   * A seccomp filter in runtime-spec form.
   *
   * @param defaultAction what happens to a syscall no rule names ({@code SCMP_ACT_ERRNO})
   * @param defaultErrnoRet the errno {@code SCMP_ACT_ERRNO} returns by default
   * @param architectures the syscall ABIs filtered (empty: the native one)
   * @param syscalls the rules, each for a list of syscall names
   */
  public record Seccomp(String defaultAction, int defaultErrnoRet, List<String> architectures,
      List<SyscallRule> syscalls) {
    public Seccomp {
      Objects.requireNonNull(defaultAction, "defaultAction");
      architectures = List.copyOf(architectures);
      syscalls = List.copyOf(syscalls);
    }
  }

  /** One rule: {@code action} for the named syscalls when every argument condition holds. */
  public record SyscallRule(List<String> names, String action, Optional<Integer> errnoRet, List<SyscallArg> args) {
    public SyscallRule {
      names = List.copyOf(names);
      Objects.requireNonNull(action, "action");
      Objects.requireNonNull(errnoRet, "errnoRet");
      args = List.copyOf(args);
    }
  }

  /**
   * A condition on argument {@code index}: {@code op} is {@code SCMP_CMP_EQ}, {@code SCMP_CMP_NE},
   * {@code SCMP_CMP_MASKED_EQ} ({@code (arg & value) == valueTwo})...
   */
  public record SyscallArg(int index, long value, long valueTwo, String op) {}
}
