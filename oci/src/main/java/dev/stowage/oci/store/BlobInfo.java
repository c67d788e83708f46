package dev.stowage.oci.store;

import dev.stowage.oci.Descriptor;
import dev.stowage.oci.Digest;
import dev.stowage.oci.MediaType;
import java.util.Objects;

/** The digest and size of some content: what a write or an ingest produced. */
public record BlobInfo(Digest digest, long size) {
  public BlobInfo {
    Objects.requireNonNull(digest, "digest");
    if (size < 0) {
      throw new IllegalArgumentException("size must not be negative: " + size);
    }
  }

  public Descriptor descriptor(MediaType mediaType) {
    return Descriptor.of(mediaType, digest, size);
  }
}
