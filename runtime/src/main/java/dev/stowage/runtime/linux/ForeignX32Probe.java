package dev.stowage.runtime.linux;

import dev.stowage.oci.ForeignSyscalls;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.function.BooleanSupplier;

/**
 * Asks the kernel whether it runs x32 system calls, by making one (getpid). Compiled for Java 22 like
 * {@link ForeignMounts} and reached only through {@link KernelAbi}, which first checks that no seccomp filter of
 * this process could kill the caller for it.
 */
final class ForeignX32Probe implements BooleanSupplier {
  private static final ForeignX32Probe INSTANCE = new ForeignX32Probe();

  private ForeignX32Probe() {}

  /** Links the system call now and returns the probe; throws where it cannot be linked or is not x86-64's. */
  static BooleanSupplier linked() {
    ForeignSyscalls.link();
    return INSTANCE;
  }

  @Override
  public boolean getAsBoolean() {
    try (Arena arena = Arena.ofConfined()) {
      return ForeignSyscalls.x32Getpid(ForeignSyscalls.callState(arena)) > 0;
    } catch (Error | RuntimeException e) {
      throw e;
    } catch (Throwable t) {
      throw new IllegalStateException("the x32 getpid call failed unexpectedly: " + t, t);
    }
  }
}
