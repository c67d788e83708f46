package dev.stowage.engine.spi;

import dev.stowage.oci.Digest;
import java.util.Objects;

/**
 * A committed, read-only layer unpacked on disk, identified by its DiffID (the digest of the uncompressed layer
 * tar), so every build that uses the same layer shares one copy.
 */
public record Snapshot(Digest diffId) {
  public Snapshot {
    Objects.requireNonNull(diffId, "diffId");
  }

  // equals/hashCode written out for start-up, as for Digest (docs/architecture.md, "Start-up")
  @Override
  public boolean equals(Object other) {
    return other instanceof Snapshot snapshot && diffId.equals(snapshot.diffId);
  }

  @Override
  public int hashCode() {
    return diffId.hashCode();
  }
}
