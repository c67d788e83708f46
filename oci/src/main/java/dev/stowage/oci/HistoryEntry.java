package dev.stowage.oci;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One history line of an image config. Strings are empty when absent, as Go's {@code omitempty} writes them;
 * {@code emptyLayer} marks a step that produced no layer (ENV, LABEL, ...).
 */
public record HistoryEntry(
    Optional<Instant> created, String createdBy, String author, String comment, boolean emptyLayer) {

  public HistoryEntry {
    Objects.requireNonNull(created, "created");
    Objects.requireNonNull(createdBy, "createdBy");
    Objects.requireNonNull(author, "author");
    Objects.requireNonNull(comment, "comment");
  }

  public static HistoryEntry of(Instant created, String createdBy, String comment, boolean emptyLayer) {
    return new HistoryEntry(Optional.ofNullable(created), createdBy, "", comment, emptyLayer);
  }
}
