package dev.stowage.scan.detect;

import dev.stowage.scan.Detection;
import dev.stowage.scan.Evidence;
import java.util.Objects;

/**
 * One secret in a file's content or name: the rule, a title, how it was found, the 1-based line (0 when it does
 * not apply) and redacted evidence.
 */
public record FileHit(String rule, String title, Detection detection, long line, Evidence evidence) {
  public FileHit {
    Objects.requireNonNull(rule, "rule");
    Objects.requireNonNull(title, "title");
    Objects.requireNonNull(detection, "detection");
    Objects.requireNonNull(evidence, "evidence");
  }
}
