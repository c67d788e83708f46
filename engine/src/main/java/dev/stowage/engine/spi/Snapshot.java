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

  // equals and hashCode are written out: a record's generated ones are linked at their first call (an invokedynamic
  // bootstrap, milliseconds each in a cold JVM, which the AOT cache does not keep), and every build calls these.
  @Override
  public boolean equals(Object other) {
    return other instanceof Snapshot snapshot && diffId.equals(snapshot.diffId);
  }

  @Override
  public int hashCode() {
    return diffId.hashCode();
  }
}
