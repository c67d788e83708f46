package dev.stowage.oci.store;

import dev.stowage.oci.Digest;
import java.util.List;
import java.util.Optional;

/** A writable content-addressed store. Content enters only through a verified {@link Ingest}. */
public interface BlobStore extends BlobSource {
  /** Starts writing content whose digest is not known in advance (computed with sha256). */
  default Ingest ingest() {
    return ingest(Optional.empty(), -1);
  }

  /**
   * Starts writing content expected to have {@code expected} digest (its algorithm is used) and, unless
   * {@code expectedSize} is negative, that many bytes. The commit fails, and stores nothing, on any mismatch.
   */
  Ingest ingest(Optional<Digest> expected, long expectedSize);

  /** Stores a blob (reading it once) and returns what was stored. */
  default BlobInfo put(Blob blob) {
    try (Ingest ingest = ingest(blob.knownInfo().map(BlobInfo::digest), blob.knownInfo().map(BlobInfo::size).orElse(-1L))) {
      blob.writeTo(ingest);
      return ingest.commit();
    }
  }

  /** Stores bytes and returns their digest and size. */
  default BlobInfo put(byte[] content) {
    return put(Blob.of(content));
  }

  /** Removes a blob; false if it was not there. */
  boolean delete(Digest digest);

  /** Every blob in the store, sorted by digest. */
  List<Digest> list();
}
