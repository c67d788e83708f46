package dev.stowage.engine.spi;

import dev.stowage.oci.Digest;
import java.io.IOException;
import java.util.List;

/** Stacks layers into writable root filesystems (overlayfs in the {@code runtime} module). */
public interface Snapshotter {

  /** Whether the layer with this DiffID is already unpacked. */
  boolean has(Digest diffId);

  /**
   * Unpacks a layer once; a later call for the same DiffID returns the existing snapshot. The DiffID is checked
   * while unpacking: a layer whose uncompressed bytes do not match is refused and nothing is kept.
   */
  Snapshot unpack(Digest diffId, LayerSource source) throws IOException;

  /**
   * A writable filesystem over the parents (base layer first; empty for {@code FROM scratch} or
   * {@code COPY --link}). The caller closes it, which unmounts it and throws away uncommitted changes.
   */
  ActiveSnapshot prepare(List<Snapshot> parents) throws IOException;

  /**
   * A read-only view of the parents, for reading files (COPY --from, /etc/passwd lookups). Closing unmounts it.
   */
  ActiveSnapshot view(List<Snapshot> parents) throws IOException;
}
