package dev.stowage.cli.build;

import dev.stowage.cli.common.SearchPath;
import dev.stowage.cli.common.StateOptions;
import dev.stowage.engine.event.EventSink;
import dev.stowage.engine.export.Exporter;
import dev.stowage.dockerfile.ignore.DockerIgnore;
import dev.stowage.engine.copy.FileHashCache;
import dev.stowage.engine.solve.CopierStepFiles;
import dev.stowage.engine.solve.StepFiles;
import java.nio.file.Files;
import dev.stowage.engine.spi.ActiveSnapshot;
import dev.stowage.engine.spi.Executor;
import dev.stowage.engine.spi.LayerSource;
import dev.stowage.engine.spi.Snapshot;
import dev.stowage.engine.spi.Snapshotter;
import dev.stowage.engine.store.LocalImages;
import dev.stowage.engine.store.StateDir;
import dev.stowage.oci.Digest;
import dev.stowage.oci.store.FileBlobStore;
import dev.stowage.registry.RegistryClient;
import dev.stowage.registry.RegistryHosts;
import dev.stowage.registry.auth.DockerConfig;
import dev.stowage.registry.auth.ProcessCommandRunner;
import dev.stowage.registry.client.DistributionClient;
import dev.stowage.runtime.LinuxRuntime;
import dev.stowage.runtime.linux.TmpfsSystemMounts;
import dev.stowage.secrets.tmpfs.StaleVolatileCleaner;
import dev.stowage.secrets.tmpfs.VolatileDir;
import dev.stowage.secrets.tmpfs.VolatileRoot;
import dev.stowage.secrets.tmpfs.VolatileRootOptions;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;

/**
 * The composition root of a build: the state directory, blob store, image names, registry client, and the Linux
 * runtime (overlayfs snapshotter, runc executor, tmpfs for secrets). The runtime parts are made on first use,
 * so a build that needs no container (FROM + COPY + metadata) still checks the host only for what it uses.
 */
final class BuildServices implements AutoCloseable {
  private final StateOptions options;
  private final StateDir stateDir;
  private final FileBlobStore store;
  private final LocalImages names;
  private final RegistryClient registry;
  private final List<AutoCloseable> closeables = new ArrayList<>();
  private LinuxRuntime runtime;
  /** Forward to the runtime, which opens at their first call (see {@link #snapshotter()}). */
  private final Snapshotter snapshotter = new Snapshotter() {
    @Override
    public boolean has(Digest diffId) {
      return runtime().snapshotter().has(diffId);
    }

    @Override
    public Snapshot unpack(Digest diffId, LayerSource source) throws IOException {
      return runtime().snapshotter().unpack(diffId, source);
    }

    @Override
    public ActiveSnapshot prepare(List<Snapshot> parents) throws IOException {
      return runtime().snapshotter().prepare(parents);
    }

    @Override
    public ActiveSnapshot view(List<Snapshot> parents) throws IOException {
      return runtime().snapshotter().view(parents);
    }
  };

  private final Executor executor = (spec, rootfs, output) -> runtime().executor().run(spec, rootfs, output);
  private VolatileRoot volatileRoot;
  private FileHashCache contextHashes;

  private BuildServices(StateOptions options, List<String> insecureRegistries) {
    this.options = options;
    this.stateDir = StateDir.open(options.root());
    this.store = FileBlobStore.open(stateDir.blobs());
    this.names = new LocalImages(stateDir.images());
    // Made on first use: an HTTP client loads TLS and its certificates, most of a short build's start-up when the
    // base image is already local.
    this.registry = new LazyRegistryClient(() -> DistributionClient.builder()
        .hosts(new RegistryHosts(new HashSet<>(insecureRegistries)))
        .credentials(DockerConfig.fromEnvironment(new ProcessCommandRunner(SearchPath.fromEnvironment())))
        .build());
  }

  static BuildServices open(StateOptions options, List<String> insecureRegistries, EventSink events) {
    return new BuildServices(options, insecureRegistries);
  }

  StateDir stateDir() {
    return stateDir;
  }

  FileBlobStore store() {
    return store;
  }

  LocalImages names() {
    return names;
  }

  RegistryClient registry() {
    return registry;
  }

  Exporter.Pusher pusher() {
    return new RegistryPusher(registry, store);
  }

  /**
   * The snapshotter, opening the runtime on its first call: a build whose steps all come from the cache mounts
   * nothing, links no system call and starts no runc.
   */
  Snapshotter snapshotter() {
    return snapshotter;
  }

  /** The executor, opening the runtime on its first call (see {@link #snapshotter()}). */
  Executor executor() {
    return executor;
  }

  private synchronized LinuxRuntime runtime() {
    if (runtime == null) {
      try {
        runtime = LinuxRuntime.open(stateDir.root(), volatileRoot().path());
      } catch (IOException e) {
        throw new java.io.UncheckedIOException("cannot start the Linux runtime: " + e.getMessage(), e);
      }
      closeables.add(runtime);
    }
    return runtime;
  }

  StepFiles files(Path context) {
    Path ignoreFile = context.resolve(".dockerignore");
    DockerIgnore ignore;
    try {
      ignore = Files.isRegularFile(ignoreFile)
          ? DockerIgnore.parse(Files.readString(ignoreFile), ".dockerignore") : DockerIgnore.none();
    } catch (IOException e) {
      throw new java.io.UncheckedIOException("reading " + ignoreFile + ": " + e.getMessage(), e);
    }
    return new CopierStepFiles(ignore, contextHashes(context));
  }

  /** The context's file hashes, saved when the build ends (whether it succeeded or not). */
  private synchronized FileHashCache contextHashes(Path context) {
    if (contextHashes == null) {
      contextHashes = FileHashCache.open(stateDir.contextHashes(), context);
      closeables.add(contextHashes::save);
    }
    return contextHashes;
  }

  synchronized VolatileDir volatileDir() {
    return volatileRoot().newDir();
  }

  private synchronized VolatileRoot volatileRoot() {
    if (volatileRoot == null) {
      // mount(2) instead of mount(8) where the JDK can make the call: two processes fewer per build
      VolatileRootOptions defaults = VolatileRootOptions.defaults().withMounts(TmpfsSystemMounts.system());
      if ("1".equals(System.getenv("STOWAGE_PRIVATE_NAMESPACE"))) {
        // In the launcher's private mount namespace a tmpfs of our own disappears with the process, even on
        // kill -9; a shared one like /dev/shm would keep a killed build's secret files.
        defaults = defaults.withCandidates(List.of());
      }
      VolatileRootOptions chosen = options.volatileRoot() == null ? defaults
          : defaults.withExplicitRoot(options.volatileRoot());
      // Secret files and bundles a killed build left on a shared tmpfs go first.
      new StaleVolatileCleaner(chosen.mounts()).clean(chosen.cleanupParents());
      volatileRoot = VolatileRoot.locate(chosen);
      closeables.add(volatileRoot);
    }
    return volatileRoot;
  }

  @Override
  public void close() {
    for (int i = closeables.size() - 1; i >= 0; i--) {
      try {
        closeables.get(i).close();
      } catch (Exception ignored) {
        // best effort: the next start sweeps what is left
      }
    }
  }
}
