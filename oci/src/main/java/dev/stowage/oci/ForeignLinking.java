package dev.stowage.oci;

import java.lang.reflect.InvocationTargetException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.Set;

/**
 * Reaches the few classes that use the foreign function API (final from Java 22). The project targets Java 21, so
 * those classes are compiled for 22 and named only through here, reflectively: a Java 21 runtime refuses the class
 * file (UnsupportedClassVersionError), a platform nobody wired throws from linking, and a JVM denying native access
 * throws IllegalCallerException. Each means "use the fallback".
 */
public final class ForeignLinking {
  private ForeignLinking() {}

  /**
   * Loads {@code className} and returns what its static {@code linked()} returns, or empty (with the reason logged
   * at debug level, by {@code caller}'s logger) where it cannot.
   *
   * @param fallback what is used instead, for the log line
   */
  public static <T> Optional<T> linked(String className, Class<T> type, Class<?> caller, String fallback) {
    try {
      Class<?> foreign = Class.forName(className, true, caller.getClassLoader());
      java.lang.reflect.Method linked = foreign.getDeclaredMethod("linked");
      linked.setAccessible(true); // package-private, in the caller's package
      return Optional.of(type.cast(linked.invoke(null)));
    } catch (LinkageError | ReflectiveOperationException | RuntimeException e) {
      Throwable cause = e instanceof InvocationTargetException ite && ite.getCause() != null ? ite.getCause() : e;
      // Logged only here: initialising System.Logger costs a cold JVM milliseconds the usual path need not pay.
      System.getLogger(caller.getName()).log(System.Logger.Level.DEBUG,
          () -> className + " unavailable, " + fallback + ": " + cause);
      return Optional.empty();
    }
  }

  /** The values of {@code os.arch} of 64-bit Linux kernels that use the generic errno numbers and struct layouts. */
  private static final Set<String> GENERIC_LINUX_ARCHES =
      Set.of("amd64", "x86_64", "aarch64", "riscv64", "ppc64le", "s390x");

  /**
   * The precondition of the libcrypto calls ({@link ForeignSha256}): 64-bit Linux, where {@code size_t} is a long.
   * Called from their linking, so elsewhere the fallback is taken. The system calls check a narrower set of their
   * own ({@link ForeignSyscalls}: the architectures whose call numbers it knows).
   *
   * @throws UnsupportedOperationException naming {@code calls} and the platform otherwise
   */
  public static void requireGenericLinux(String calls) {
    if (!System.getProperty("os.name", "").equals("Linux")
        || !GENERIC_LINUX_ARCHES.contains(System.getProperty("os.arch", ""))) {
      throw new UnsupportedOperationException(calls + " are wired for 64-bit Linux only, not "
          + System.getProperty("os.name") + " on " + System.getProperty("os.arch"));
    }
  }

  /** The charset the JDK encodes file paths with ({@code sun.jnu.encoding}), for paths handed to C functions. */
  public static Charset pathCharset() {
    String name = System.getProperty("sun.jnu.encoding");
    try {
      return name == null ? StandardCharsets.UTF_8 : Charset.forName(name, StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      return StandardCharsets.UTF_8;
    }
  }
}
