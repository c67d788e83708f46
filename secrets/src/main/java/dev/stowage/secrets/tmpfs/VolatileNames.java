package dev.stowage.secrets.tmpfs;

import java.security.SecureRandom;
import java.util.HexFormat;

/** Random names, and the prefixes by which {@link StaleVolatileCleaner} recognises what we made. */
final class VolatileNames {
  /** A directory made by {@link VolatileDir}: {@code stowage-vol-<pid>-<start>-<random>}. */
  static final String DIR_PREFIX = "stowage-vol-";
  /** A mount point made by {@link VolatileRoot}: {@code stowage-tmpfs-<pid>-<start>-<random>}. */
  static final String MOUNT_PREFIX = "stowage-tmpfs-";
  /** Matches both prefixes. */
  static final String ANY_GLOB = "stowage-{vol,tmpfs}-*";

  private static final SecureRandom RANDOM = new SecureRandom();

  private VolatileNames() {}

  /** {@code bytes} random bytes as hex: unguessable, so no one can plant a file or link under the name. */
  static String random(int bytes) {
    byte[] b = new byte[bytes];
    RANDOM.nextBytes(b);
    return HexFormat.of().formatHex(b);
  }

  static String tagged(String prefix) {
    return prefix + OwnerTag.current().encode() + "-" + random(8);
  }
}
