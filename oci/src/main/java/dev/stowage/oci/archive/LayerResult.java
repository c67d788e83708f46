package dev.stowage.oci.archive;

import dev.stowage.oci.Descriptor;
import dev.stowage.oci.Digest;
import dev.stowage.oci.MediaType;
import java.util.Objects;

/**
 * A written layer: its descriptor (compressed digest and size, OCI media type for the compression), its DiffID
 * (sha256 of the uncompressed tar), the uncompressed size and the number of entries.
 */
public record LayerResult(Descriptor descriptor, Digest diffId, long uncompressedSize, long entries) {
  public LayerResult {
    Objects.requireNonNull(descriptor, "descriptor");
    Objects.requireNonNull(diffId, "diffId");
  }

  public Digest digest() {
    return descriptor.digest();
  }

  /** The same layer described with another media type of the same compression, e.g. Docker's. */
  public Descriptor descriptor(MediaType mediaType) {
    return descriptor.withMediaType(mediaType);
  }
}
