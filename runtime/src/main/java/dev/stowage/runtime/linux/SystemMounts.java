package dev.stowage.runtime.linux;

import java.lang.reflect.InvocationTargetException;
import java.util.Optional;

/**
 * Chooses, once, whether {@link Mounter} makes system calls: {@link ForeignMounts} (mount(2) and umount2(2)
 * through {@code java.lang.foreign}, Java 22 and later) when it loads and links, else nothing, and mount(8) and
 * umount(8) are run. The foreign class is compiled for Java 22 and named only here, reflectively, so this module
 * still runs on Java 21.
 */
final class SystemMounts {
  static final String FOREIGN_CLASS = "dev.stowage.runtime.linux.ForeignMounts";

  private SystemMounts() {}

  /** The system calls, or empty (with the reason logged at debug level) where they cannot be linked. */
  static Optional<MountSyscalls> foreign() {
    return Holder.FOREIGN;
  }

  /** Linked on first use: linking costs tens of milliseconds, which a build without RUN never pays. */
  private static final class Holder {
    static final Optional<MountSyscalls> FOREIGN = load(FOREIGN_CLASS);
  }

  /**
   * Loads {@code className} and calls its static {@code linked()}. A Java 21 runtime refuses the class file
   * (UnsupportedClassVersionError), a platform we did not wire throws from linking, and a JVM denying native
   * access throws IllegalCallerException: each means "run the programs".
   */
  static Optional<MountSyscalls> load(String className) {
    try {
      Class<?> type = Class.forName(className, true, SystemMounts.class.getClassLoader());
      MountSyscalls calls = (MountSyscalls) type.getDeclaredMethod("linked").invoke(null);
      return Optional.of(calls);
    } catch (LinkageError | ReflectiveOperationException | RuntimeException e) {
      Throwable cause = e instanceof InvocationTargetException ite && ite.getCause() != null ? ite.getCause() : e;
      // Logged only here: initialising System.Logger costs a cold JVM milliseconds the usual path need not pay.
      System.getLogger(SystemMounts.class.getName()).log(System.Logger.Level.DEBUG,
          () -> "mount system calls unavailable, running mount(8): " + cause);
      return Optional.empty();
    }
  }
}
