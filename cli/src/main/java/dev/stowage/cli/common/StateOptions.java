package dev.stowage.cli.common;

import dev.stowage.engine.store.StateDir;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** Where Stowage keeps its state, shared by every command that touches the store. */
public final class StateOptions {
  @Option(names = "--root", paramLabel = "DIR",
      description = "State directory: blobs, unpacked layers, image names, cache (default: /var/lib/stowage as"
          + " root, else $XDG_DATA_HOME/stowage). Never holds a secret.")
  Path root;

  @Option(names = "--volatile-root", paramLabel = "DIR",
      description = "A tmpfs directory for secret files and runtime bundles (default: the first tmpfs among"
          + " $XDG_RUNTIME_DIR, /dev/shm, /run, else a private tmpfs Stowage mounts)")
  Path volatileRoot;

  public Path root() {
    return root != null ? root : StateDir.defaultRoot();
  }

  public Path volatileRoot() {
    return volatileRoot;
  }
}
