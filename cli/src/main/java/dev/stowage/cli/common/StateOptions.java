package dev.stowage.cli.common;

import dev.stowage.engine.store.StateDir;
import java.nio.file.Path;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;

/**
 * Where Stowage keeps its state, shared by every command that touches the store. Annotated commands take it with
 * {@code @Mixin}; commands built with picocli's programmatic API (build, for start-up) add {@link #mixin()}. Both
 * read their names and text from the constants here.
 */
public final class StateOptions {
  private static final String ROOT = "--root";
  private static final String VOLATILE_ROOT = "--volatile-root";
  private static final String DIR = "DIR";
  private static final String ROOT_DESCRIPTION =
      "State directory: blobs, unpacked layers, image names, cache (default: /var/lib/stowage as"
          + " root, else $XDG_DATA_HOME/stowage). Never holds a secret.";
  private static final String VOLATILE_ROOT_DESCRIPTION =
      "A tmpfs directory for secret files and runtime bundles (default: the first tmpfs among"
          + " $XDG_RUNTIME_DIR, /dev/shm, /run, else a private tmpfs Stowage mounts)";

  @Option(names = ROOT, paramLabel = DIR, description = ROOT_DESCRIPTION)
  Path root;

  @Option(names = VOLATILE_ROOT, paramLabel = DIR, description = VOLATILE_ROOT_DESCRIPTION)
  Path volatileRoot;

  public Path root() {
    return root != null ? root : StateDir.defaultRoot();
  }

  public Path volatileRoot() {
    return volatileRoot;
  }

  /** The same two options as the annotations above, bound to this object, for {@link CommandSpec#addMixin}. */
  public CommandSpec mixin() {
    CommandSpec mixin = CommandSpec.wrapWithoutInspection(this);
    mixin.addOption(FieldBinding.value(OptionSpec.builder(ROOT).paramLabel(DIR).description(ROOT_DESCRIPTION),
        Path.class, () -> root, value -> root = value));
    mixin.addOption(FieldBinding.value(OptionSpec.builder(VOLATILE_ROOT).paramLabel(DIR)
        .description(VOLATILE_ROOT_DESCRIPTION), Path.class, () -> volatileRoot, value -> volatileRoot = value));
    return mixin;
  }
}
