package dev.stowage.dockerfile.expand;

import java.util.Objects;

/** An OCI platform as the predefined build args spell it: {@code os/architecture[/variant]}. */
public record Platform(String os, String architecture, String variant) {
  public Platform {
    Objects.requireNonNull(os, "os");
    Objects.requireNonNull(architecture, "architecture");
    Objects.requireNonNull(variant, "variant");
    if (os.isEmpty() || architecture.isEmpty()) {
      throw new IllegalArgumentException("a platform needs an os and an architecture, e.g. linux/amd64");
    }
  }

  /**
   * Parses {@code linux/amd64} or {@code linux/arm64/v8}.
   *
   * @throws IllegalArgumentException with a one-line message for anything else
   */
  public static Platform parse(String text) {
    String[] parts = text.split("/", -1);
    if (parts.length < 2 || parts.length > 3 || parts[0].isEmpty() || parts[1].isEmpty()
        || (parts.length == 3 && parts[2].isEmpty())) {
      throw new IllegalArgumentException("invalid platform \"" + text + "\": use os/architecture[/variant], e.g."
          + " linux/amd64 or linux/arm64/v8");
    }
    return new Platform(parts[0], parts[1], parts.length == 3 ? parts[2] : "");
  }

  @Override
  public String toString() {
    return os + "/" + architecture + (variant.isEmpty() ? "" : "/" + variant);
  }
}
