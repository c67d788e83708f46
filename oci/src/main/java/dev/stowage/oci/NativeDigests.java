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

  /** What the first {@link #sha256()} found; null until then. */
  private static volatile Optional<Supplier<MessageDigest>> sha256;

  /** libcrypto's SHA-256, or empty where it cannot be used; linked at the first call. */
  static Optional<Supplier<MessageDigest>> sha256() {
    Optional<Supplier<MessageDigest>> known = sha256;
    if (known == null) {
      synchronized (NativeDigests.class) {
        known = sha256;
        if (known == null) {
          known = load(FOREIGN_CLASS);
          sha256 = known;
        }
      }
    }
    return known;
  }

  /** Whether {@link #sha256()} has been asked already (and so answers without linking). */
  static boolean linked() {
    return sha256 != null;
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
