package dev.stowage.engine.image;

import dev.stowage.oci.Descriptor;
import dev.stowage.oci.Digest;
import java.util.Objects;

/** One layer of an image: its blob (compressed, as stored or served) and its DiffID. */
public record LayerRef(Descriptor blob, Digest diffId) {
  public LayerRef {
    Objects.requireNonNull(blob, "blob");
    Objects.requireNonNull(diffId, "diffId");
  }
}
