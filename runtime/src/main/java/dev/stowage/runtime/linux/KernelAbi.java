package dev.stowage.runtime.linux;

import dev.stowage.oci.ForeignLinking;
import java.util.Optional;
import java.util.function.BooleanSupplier;

/** Which system call ABIs the running kernel serves, besides the native one. */
public final class KernelAbi {
  private static final String PROBE_CLASS = "dev.stowage.runtime.linux.ForeignX32Probe";

  private KernelAbi() {}

  /**
   * Whether an x86-64 kernel runs x32 system calls. Most kernels are built without the x32 ABI (or, as Debian's,
   * turn it off at boot); a seccomp filter that still lists it costs runc about 5 ms more per container.
   * True wherever this cannot be told: another architecture (the question does not arise), a Java without the
   * foreign function API, or this process already under a seccomp filter (or a {@code status} without its
   * {@code Seccomp:} line), which might kill it for asking.
   *
   * @param status this process's /proc status text ({@link HostLimits#selfStatus()})
   */
  public static boolean x32Syscalls(String status) {
    String arch = System.getProperty("os.arch", "");
    if (!arch.equals("amd64") && !arch.equals("x86_64")) {
      return true;
    }
    try {
      if (seccompMode(status) != 0) {
        return true;
      }
    } catch (RuntimeException e) {
      return true;
    }
    Optional<BooleanSupplier> probe =
        ForeignLinking.linked(PROBE_CLASS, BooleanSupplier.class, KernelAbi.class, "x32 assumed");
    return probe.isEmpty() || probe.get().getAsBoolean();
  }

  /** The {@code Seccomp:} mode of a status text (0 none, 1 strict, 2 filter); -1 when missing. */
  static int seccompMode(String status) {
    Optional<String> value = HostLimits.statusField(status, "Seccomp:");
    return value.isPresent() ? Integer.parseInt(value.get()) : -1;
  }
}
