/**
 * Layers: a deterministic tar codec of our own ({@link dev.stowage.oci.archive.TarWriter},
 * {@link dev.stowage.oci.archive.TarReader}; Commons Compress decodes PAX values as text, which corrupts binary
 * xattrs such as file capabilities), the one-pass {@link dev.stowage.oci.archive.LayerWriter} with its
 * {@link dev.stowage.oci.archive.ContentObserver} hook, {@link dev.stowage.oci.archive.Compression},
 * {@link dev.stowage.oci.archive.DirectoryLayerSource} (a tree to entries), the safe
 * {@link dev.stowage.oci.archive.LayerExtractor}, whiteouts, and random access to archive members
 * ({@link dev.stowage.oci.archive.TarIndex}).
 */
package dev.stowage.oci.archive;
