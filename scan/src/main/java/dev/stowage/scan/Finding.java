package dev.stowage.scan;

import java.util.Objects;

/**
 * One leaked secret: where it is, which rule found it ({@code npm-token}, {@code known-value}, {@code netrc},
 * {@code secret-env}, ...), a title for people, what kind of detection it was, and redacted evidence. Safe to print:
 * it never holds the secret.
 */
public record Finding(Location location, String rule, String title, Detection detection, Evidence evidence) {
  public Finding {
    Objects.requireNonNull(location, "location");
    Objects.requireNonNull(rule, "rule");
    Objects.requireNonNull(title, "title");
    Objects.requireNonNull(detection, "detection");
    Objects.requireNonNull(evidence, "evidence");
  }

  public Finding withLocation(Location value) {
    return new Finding(value, rule, title, detection, evidence);
  }
}
