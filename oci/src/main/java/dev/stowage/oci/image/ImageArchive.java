package dev.stowage.oci.image;

import dev.stowage.oci.store.BlobSource;
import java.util.List;

/**
 * Images read from an archive or layout (OCI layout directory or tar, docker-archive) with their blobs, which are
 * read one at a time on demand, never unpacked as a whole. Close it to release the file.
 */
public interface ImageArchive extends BlobSource, AutoCloseable {
  /** The images, in the order the archive lists them. */
  List<NamedImage> images();

  @Override
  void close();
}
