package dev.stowage.oci.archive;

import java.lang.reflect.InvocationTargetException;
import java.util.Optional;

/**
 * Chooses, once, how {@link XattrAccess#system()} reaches every name space: {@link ForeignXattrs} (system calls
 * through {@code java.lang.foreign}, Java 22 and later) when it loads and links, else the attr tools. The foreign
 * class is compiled for Java 22 and named only here, reflectively, so this module still runs on Java 21.
 */
final class SystemXattrs {
  static final String FOREIGN_CLASS = "dev.stowage.oci.archive.ForeignXattrs";

  private SystemXattrs() {}

  /** The system-call access, or empty (with the reason logged at debug level) where it cannot be linked. */
  static Optional<XattrAccess> foreign() {
    return Holder.FOREIGN;
  }

  /** Linked on first use: linking costs tens of milliseconds, which a build without RUN never pays. */
  private static final class Holder {
    static final Optional<XattrAccess> FOREIGN = load(FOREIGN_CLASS);
  }

  /**
   * Loads {@code className} and calls its static {@code linked()}. A Java 21 runtime refuses the class file
   * (UnsupportedClassVersionError), a platform we did not wire throws from linking, and a JVM denying native
   * access throws IllegalCallerException: each means "use the processes".
   */
  static Optional<XattrAccess> load(String className) {
    try {
      Class<?> type = Class.forName(className, true, SystemXattrs.class.getClassLoader());
      XattrAccess access = (XattrAccess) type.getDeclaredMethod("linked").invoke(null);
      return Optional.of(access);
    } catch (LinkageError | ReflectiveOperationException | RuntimeException e) {
      Throwable cause = e instanceof InvocationTargetException ite && ite.getCause() != null ? ite.getCause() : e;
      // Logged only here: initialising System.Logger costs a cold JVM milliseconds the usual path need not pay.
      System.getLogger(SystemXattrs.class.getName()).log(System.Logger.Level.DEBUG,
          () -> "xattr system calls unavailable, using getfattr/setfattr: " + cause);
      return Optional.empty();
    }
  }
}
