package dev.stowage.runtime.linux;

import dev.stowage.oci.ForeignLinking;
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

  /** Loads {@code className} and calls its static {@code linked()} (see {@link ForeignLinking}). */
  static Optional<MountSyscalls> load(String className) {
    return ForeignLinking.linked(className, MountSyscalls.class, SystemMounts.class, "running mount(8)");
  }
}
