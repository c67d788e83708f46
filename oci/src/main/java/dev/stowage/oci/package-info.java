/**
 * The image model: {@link dev.stowage.oci.Digest}, {@link dev.stowage.oci.MediaType},
 * {@link dev.stowage.oci.Descriptor}, {@link dev.stowage.oci.Platform}, manifests, indexes and configs as
 * immutable records, {@link dev.stowage.oci.Raw} to keep the exact bytes of what was read, and
 * {@link dev.stowage.oci.OciJson}, the tolerant reader and canonical writer of the JSON documents.
 *
 * <p>Sub-packages, from the bottom up (no cycles): {@code ref} (image references), {@code store} (content-addressed
 * blobs), {@code archive} (tar, layers, compression, safe extraction), {@code image} (an image and its archive),
 * {@code layout} and {@code dockerarchive} (the two file formats, read and write), {@code validate}.
 */
package dev.stowage.oci;
