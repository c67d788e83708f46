package dev.stowage.oci;

import java.security.MessageDigest;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Chooses, once, where SHA-256 is computed: the system's libcrypto through the foreign function API
 * ({@link ForeignSha256}, Java 22 and later) when it loads, links and answers a known vector correctly; else the
 * JDK's own. The foreign class is compiled for Java 22 and named only here, reflectively, so this module still runs
 * on Java 21. {@code -Dstowage.nativeDigests=false} turns it off.
 */
final class NativeDigests {
  static final String FOREIGN_CLASS = "dev.stowage.oci.ForeignSha256";

  private NativeDigests() {}

  /** libcrypto's SHA-256, or empty where it cannot be used. */
  static Optional<Supplier<MessageDigest>> sha256() {
    return Holder.SHA256;
  }

  /** Whether {@link #sha256()} has been asked already (and so answers without linking). */
  static boolean linked() {
    return linked;
  }

  private static volatile boolean linked;

  /** Linked at the first use. */
  private static final class Holder {
    static final Optional<Supplier<MessageDigest>> SHA256 = load(FOREIGN_CLASS);

    static {
      linked = true;
    }
  }

  @SuppressWarnings("unchecked")
  static Optional<Supplier<MessageDigest>> load(String className) {
    if (!Boolean.parseBoolean(System.getProperty("stowage.nativeDigests", "true"))) {
      return Optional.empty();
    }
    return ForeignLinking.linked(className, Supplier.class, NativeDigests.class, "using the JDK's SHA-256")
        .map(supplier -> (Supplier<MessageDigest>) supplier);
  }
}
