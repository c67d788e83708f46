/**
 * Content-addressed blobs: {@link dev.stowage.oci.store.BlobSource} to read (always verified),
 * {@link dev.stowage.oci.store.BlobStore} with atomic verified {@link dev.stowage.oci.store.Ingest}s,
 * {@link dev.stowage.oci.store.FileBlobStore} on disk, and {@link dev.stowage.oci.store.Blob} with explicit
 * re-readability.
 */
package dev.stowage.oci.store;
