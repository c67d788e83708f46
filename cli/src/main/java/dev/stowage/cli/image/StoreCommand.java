package dev.stowage.cli.image;

import dev.stowage.cli.common.StateOptions;
import dev.stowage.engine.store.ImageStore;
import dev.stowage.engine.store.LocalImages;
import dev.stowage.engine.store.StateDir;
import dev.stowage.oci.store.FileBlobStore;

/** Opens the local image store the way every image command does. */
final class StoreCommand {
  private StoreCommand() {}

  static ImageStore open(StateOptions state) {
    StateDir dir = StateDir.open(state.root());
    return new ImageStore(FileBlobStore.open(dir.blobs()), new LocalImages(dir.images()));
  }
}
