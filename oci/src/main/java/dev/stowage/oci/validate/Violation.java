package dev.stowage.oci.validate;

import java.util.Objects;

/** One broken invariant of an image: what is wrong (the subject, e.g. "layer 2") and how. */
public record Violation(String subject, String problem) {
  public Violation {
    Objects.requireNonNull(subject, "subject");
    Objects.requireNonNull(problem, "problem");
  }

  @Override
  public String toString() {
    return subject + ": " + problem;
  }
}
