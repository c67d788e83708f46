package dev.stowage.runtime.overlay;

import dev.stowage.engine.spi.ActiveSnapshot;
import dev.stowage.engine.spi.Snapshot;
import dev.stowage.oci.Digest;
import dev.stowage.oci.archive.LayerWriter;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Set;

/** A mounted overlay: writable (upper, work, merged) or a read-only view (merged only). */
final class OverlayActiveSnapshot implements ActiveSnapshot {
  private enum State { MOUNTED, COMMITTED, CLOSED }

  private final OverlaySnapshotter snapshotter;
  private final Path dir;
  private final boolean readOnly;
  private State state = State.MOUNTED;
  /** What the last {@link #writeDiff} left out; commit drops it too, so the snapshot equals the layer. */
  private Set<String> excluded = Set.of();

  OverlayActiveSnapshot(OverlaySnapshotter snapshotter, Path dir, boolean readOnly) {
    this.snapshotter = snapshotter;
    this.dir = dir;
    this.readOnly = readOnly;
  }

  @Override
  public Path root() {
    return dir.resolve("merged");
  }

  /** The upper directory: the changes, in overlay form. */
  Path upper() {
    return dir.resolve("upper");
  }

  @Override
  public synchronized void writeDiff(LayerWriter layer, Set<String> excluded) throws IOException {
    requireWritable("write a diff");
    UpperDiff.write(upper(), layer, excluded, snapshotter.xattrs());
    this.excluded = Set.copyOf(excluded);
  }

  @Override
  public synchronized Snapshot commit(Digest diffId) throws IOException {
    requireWritable("commit");
    snapshotter.unmount(root());
    for (String path : UpperDiff.layerPaths(excluded)) {
      FileTrees.deleteInside(upper(), path);
    }
    snapshotter.adoptUpper(upper(), diffId);
    FileTrees.deleteTree(dir);
    state = State.COMMITTED;
    snapshotter.closed(this);
    return new Snapshot(diffId);
  }

  @Override
  public synchronized void close() throws IOException {
    if (state == State.CLOSED || state == State.COMMITTED) {
      state = State.CLOSED;
      return;
    }
    snapshotter.unmount(root());
    FileTrees.deleteTree(dir);
    state = State.CLOSED;
    snapshotter.closed(this);
  }

  private void requireWritable(String action) {
    if (readOnly) {
      throw new UnsupportedOperationException("cannot " + action + ": this is a read-only view");
    }
    if (state != State.MOUNTED) {
      throw new IllegalStateException("cannot " + action + ": the snapshot is already " + state.name().toLowerCase());
    }
  }

  @Override
  public String toString() {
    return "OverlayActiveSnapshot[" + dir + (readOnly ? ", read-only" : "") + ", " + state + "]";
  }
}
