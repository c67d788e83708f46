package dev.stowage.dockerfile.ast;

import java.util.Locale;
import java.util.Optional;

/** The {@code type=} of a {@code RUN --mount}; {@code bind} when omitted. */
public enum MountType {
  BIND, CACHE, TMPFS, SECRET, SSH;

  public String text() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static Optional<MountType> lookup(String text) {
    for (MountType t : values()) {
      if (t.text().equals(text.toLowerCase(java.util.Locale.ROOT))) {
        return Optional.of(t);
      }
    }
    return Optional.empty();
  }
}
