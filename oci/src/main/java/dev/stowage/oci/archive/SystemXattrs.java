package dev.stowage.oci.archive;

import dev.stowage.oci.ForeignLinking;
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

  /** Loads {@code className} and calls its static {@code linked()} (see {@link ForeignLinking}). */
  static Optional<XattrAccess> load(String className) {
    return ForeignLinking.linked(className, XattrAccess.class, SystemXattrs.class, "using getfattr/setfattr");
  }
}
