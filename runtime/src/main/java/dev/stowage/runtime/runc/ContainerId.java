package dev.stowage.runtime.runc;

import dev.stowage.runtime.linux.ProcessOwner;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Optional;

/**
 * Container ids: {@code stowage-<pid>.<start>-<random>}. The owner tag lets a later process find and delete the
 * containers a killed one left in runc's state directory; the random part keeps concurrent steps apart.
 */
public final class ContainerId {
  public static final String PREFIX = "stowage-";
  private static final SecureRandom RANDOM = new SecureRandom();

  private ContainerId() {}

  public static String next(ProcessOwner owner) {
    byte[] random = new byte[6];
    RANDOM.nextBytes(random);
    return PREFIX + owner.tag() + "-" + HexFormat.of().formatHex(random);
  }

  /** The process that made a container id, or empty for ids that are not ours. */
  public static Optional<ProcessOwner> owner(String id) {
    if (!id.startsWith(PREFIX)) {
      return Optional.empty();
    }
    String rest = id.substring(PREFIX.length());
    int dash = rest.indexOf('-');
    return dash < 0 ? Optional.empty() : ProcessOwner.parseTag(rest.substring(0, dash));
  }
}
