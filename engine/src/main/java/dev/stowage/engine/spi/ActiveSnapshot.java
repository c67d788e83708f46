package dev.stowage.engine.spi;

import dev.stowage.oci.Digest;
import dev.stowage.oci.archive.LayerWriter;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Set;

/** A mounted root filesystem a step changes; its changes become the step's layer. */
public interface ActiveSnapshot extends AutoCloseable {

  /** The merged filesystem, mounted (writable unless this is a view). */
  Path root();

  /**
   * Adds the changes made since {@link Snapshotter#prepare} to {@code layer} as OCI layer entries: changed and
   * new entries in sorted order with their metadata, deletions as {@code .wh.} whiteouts and replaced
   * directories as opaque markers. Paths in {@code excluded} (absolute, e.g. the mount stubs a RUN step
   * created) and everything under them are left out. The caller owns the writer (its compression, its store,
   * its content observer: the leak guard) and finishes it.
   */
  void writeDiff(LayerWriter layer, Set<String> excluded) throws IOException;

  /**
   * Keeps the changes as the snapshot of the layer with this DiffID (of the layer {@link #writeDiff} filled), so
   * later steps stack on it without unpacking the layer again. The active snapshot is unusable afterwards.
   */
  Snapshot commit(Digest diffId) throws IOException;

  /** Unmounts, and removes the changes unless committed. Never throws for an already closed snapshot. */
  @Override
  void close() throws IOException;
}
