package dev.stowage.oci.store;

import dev.stowage.oci.Digest;
import java.io.InputStream;

/**
 * Read access to content-addressed blobs: a store, an OCI layout or an image archive. Every stream returned by
 * {@link #open} verifies the content against its digest and fails at the end if they differ.
 */
public interface BlobSource {
  boolean has(Digest digest);

  /** The size in bytes; {@link BlobNotFoundException} if absent. */
  long size(Digest digest);

  /**
   * A stream of the blob that verifies its digest and size as it is read, throwing
   * {@link dev.stowage.oci.DigestMismatchException} at the end on a mismatch; {@link BlobNotFoundException} if
   * absent. The caller closes it.
   */
  InputStream open(Digest digest);

  /**
   * The file holding the blob, for readers that copy it whole without reading it (an archive writer hands it to
   * the kernel); empty when the source keeps no such file. Its content was verified when it was stored.
   */
  default java.util.Optional<java.nio.file.Path> file(Digest digest) {
    return java.util.Optional.empty();
  }
}
