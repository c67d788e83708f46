package dev.stowage.secrets.tmpfs;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.HexFormat;

/** Random names, and the prefixes by which {@link StaleVolatileCleaner} recognises what we made. */
final class VolatileNames {
  /** A directory made by {@link VolatileDir}: {@code stowage-vol-<pid>-<start>-<random>}. */
  static final String DIR_PREFIX = "stowage-vol-";
  /** A mount point made by {@link VolatileRoot}: {@code stowage-tmpfs-<pid>-<start>-<random>}. */
  static final String MOUNT_PREFIX = "stowage-tmpfs-";

  private static final SecureRandom RANDOM = new SecureRandom();

  private VolatileNames() {}

  /** {@code bytes} random bytes as hex: unguessable, so no one can plant a file or link under the name. */
  static String random(int bytes) {
    byte[] b = new byte[bytes];
    RANDOM.nextBytes(b);
    return HexFormat.of().formatHex(b);
  }

  /**
   * Whether {@code entry}'s name has one of the prefixes. A plain prefix test, not a glob: a glob compiles to a
   * regular expression, and a build's first RUN waited milliseconds for a cold JVM to match it against every entry
   * of a busy /tmp.
   */
  static boolean hasOurPrefix(Path entry) {
    String name = entry.getFileName().toString();
    return name.startsWith(DIR_PREFIX) || name.startsWith(MOUNT_PREFIX);
  }

  static String tagged(String prefix) {
    return prefix + OwnerTag.current().encode() + "-" + random(8);
  }
}
