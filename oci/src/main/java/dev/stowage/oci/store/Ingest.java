package dev.stowage.oci.store;

import java.io.OutputStream;

/**
 * Content being written into a store. Write the bytes, then {@link #commit()}: the content becomes visible under
 * its digest only if it matches what was expected, and atomically. Closing without committing discards it, so
 * try-with-resources never leaves partial content behind.
 */
public abstract class Ingest extends OutputStream {
  /** Verifies, persists and publishes the content; returns its digest and size. */
  public abstract BlobInfo commit();

  /** The number of bytes written so far. */
  public abstract long bytesWritten();

  /** Discards uncommitted content; does nothing after a commit. */
  @Override
  public abstract void close();
}
