package dev.stowage.engine.solve;

import dev.stowage.engine.cache.BuildCache;
import dev.stowage.engine.cache.CacheEntry;
import dev.stowage.engine.cache.CachePolicy;
import dev.stowage.engine.cache.SecretCacheMode;
import dev.stowage.engine.cache.StepKeys;
import dev.stowage.engine.event.BuildEvent;
import dev.stowage.engine.event.EventSink;
import dev.stowage.engine.guard.LayerGuard;
import dev.stowage.engine.guard.LeakDetectedException;
import dev.stowage.engine.image.ImageResolver;
import dev.stowage.engine.image.LayerRef;
import dev.stowage.engine.image.SourceImage;
import dev.stowage.engine.image.UncompressedCopies;
import dev.stowage.engine.plan.BaseSource;
import dev.stowage.engine.plan.BuildPlan;
import dev.stowage.engine.plan.CopySource;
import dev.stowage.engine.plan.PlannedMount;
import dev.stowage.engine.plan.PlannedStep;
import dev.stowage.engine.plan.StagePlan;
import dev.stowage.engine.solve.StageScheduler.Done;
import dev.stowage.engine.spi.ActiveSnapshot;
import dev.stowage.engine.spi.ExecSpec;
import dev.stowage.engine.spi.Executor;
import dev.stowage.engine.spi.Snapshot;
import dev.stowage.engine.spi.Snapshotter;
import dev.stowage.oci.Digest;
import dev.stowage.oci.HistoryEntry;
import dev.stowage.oci.ImageConfig;
import dev.stowage.oci.OciJson;
import dev.stowage.oci.RootFs;
import dev.stowage.oci.archive.Compression;
import dev.stowage.oci.archive.LayerOptions;
import dev.stowage.oci.archive.LayerResult;
import dev.stowage.oci.archive.LayerWriter;
import dev.stowage.oci.archive.Layers;
import dev.stowage.oci.archive.MtimePolicy;
import dev.stowage.oci.archive.ObserverThread;
import dev.stowage.oci.archive.TarHeader;
import dev.stowage.oci.archive.TarReader;
import dev.stowage.oci.store.BlobStore;
import dev.stowage.secrets.SecretStore;
import dev.stowage.secrets.redact.RedactingOutputStream;
import dev.stowage.secrets.redact.SecretMatch;
import dev.stowage.secrets.redact.SecretMatcher;
import dev.stowage.secrets.tmpfs.VolatileDir;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Executes a {@link BuildPlan}: pulls and unpacks base layers, runs each step in a writable snapshot, turns the
 * changes into a layer (searched by the leak guard as it is written), and assembles the target's image config.
 * Stages run as soon as the stage they are built on is done, and a step that reads another stage waits for it
 * (see {@link StageScheduler}); every resource a step takes (mounts, secret files, the snapshot) is released in
 * {@code finally}, also when the step fails or the thread is interrupted. With a {@link BuildCache}, each step's key
 * ({@link StepKeys}) is looked up first: a hit reuses the layer without running the step and reports
 * {@link BuildEvent.Cached}; a step that ran is recorded once its blob is committed.
 */
public final class Solver {

  /**
   * What the solver works with.
   *
   * @param guard the secret values in use (secrets and masked build args): layers and the config are searched
   *     for them, and RUN output is redacted with them
   * @param volatileDirs fresh directories on a verified tmpfs, for secret files
   * @param cacheMounts where {@code RUN --mount=type=cache} directories live
   * @param compression how the build's own layers are stored: {@code NONE} keeps them as Docker's image store does
   *     (a docker-archive is then a copy); outputs that want compressed layers convert them
   * @param network what {@code --network=default} means here ({@code host} or {@code none})
   */
  public record Services(
      BlobStore store,
      ImageResolver images,
      Snapshotter snapshotter,
      Executor executor,
      StepFiles files,
      SecretStore secrets,
      SecretMatcher guard,
      Supplier<VolatileDir> volatileDirs,
      Path context,
      Path cacheMounts,
      EventSink events,
      Compression compression,
      String dockerfileName,
      String network,
      Function<String, Optional<Path>> sshAgents) {}

  /** The built image: its config (exact bytes and digest) and layers, base first. */
  public record BuiltImage(ImageConfig config, byte[] configBytes, Digest configDigest, List<LayerRef> layers) {
    public BuiltImage {
      configBytes = configBytes.clone();
      layers = List.copyOf(layers);
    }

    @Override
    public byte[] configBytes() {
      return configBytes.clone();
    }
  }

  /**
   * @param key the cache key of the stage's final filesystem (what COPY --from and FROM stage key on)
   * @param layerTimes when each layer was made, aligned with {@code layers} (empty for a base image's layers)
   */
  private record StageResult(List<LayerRef> layers, ImageConfig image, Digest key, List<Optional<Instant>> layerTimes,
      Optional<Instant> lastLayer) {}

  private final Services services;
  private final Optional<BuildCache> cache;
  private final CachePolicy policy;
  private volatile boolean cachedSecretStep;
  private final AtomicInteger vertices = new AtomicInteger();
  /** Where each layer's blob can be fetched from when it is not in the store yet. */
  private final Map<Digest, SourceImage> layerOrigins = new ConcurrentHashMap<>();

  /** A solver without a build cache: every step runs. */
  public Solver(Services services) {
    this(services, Optional.empty(), CachePolicy.useAll());
  }

  /** A solver that takes steps from {@code cache} where {@code policy} allows and records the steps it runs. */
  public Solver(Services services, Optional<BuildCache> cache, CachePolicy policy) {
    this.services = services;
    this.cache = cache;
    this.policy = policy;
  }

  public BuiltImage solve(BuildPlan plan) throws IOException, InterruptedException {
    Instant created = Instant.now();
    Map<Integer, StageResult> results = StageScheduler.run(plan, (stage, done) -> solveStage(stage, done, created));
    if (cachedSecretStep && policy.secretCache() == SecretCacheMode.BY_ID) {
      services.events().accept(new BuildEvent.Warning("a cached RUN step used secrets: secret contents are not part"
          + " of the cache key (BuildKit-compatible); use --no-cache to rebuild, or --secret-cache=by-content to"
          + " rerun steps whose secrets changed"));
    }
    StageResult target = results.get(plan.target().index());
    for (LayerRef layer : target.layers) {
      ensureBlob(layer);
    }
    // The newest layer's time, not the clock: a fully cached rebuild gives the same image ID, as with BuildKit.
    ImageConfig config = target.image.withCreated(Optional.of(target.lastLayer.orElse(created)));
    byte[] bytes = OciJson.write(config);
    checkConfig(bytes);
    Digest digest = Digest.sha256(bytes);
    storeBlob(bytes, digest);
    return new BuiltImage(config, bytes, digest, target.layers);
  }

  private StageResult solveStage(StagePlan stage, Done<StageResult> results, Instant created)
      throws IOException, InterruptedException {
    List<LayerRef> layers = new ArrayList<>();
    List<Optional<Instant>> layerTimes = new ArrayList<>();
    Digest key = StepKeys.base(List.of());
    // instanceof, not a pattern switch: the build's start-up path (see docs/architecture.md, "Start-up")
    BaseSource base = stage.base();
    if (base instanceof BaseSource.Scratch) {
      // no layers
    } else if (base instanceof BaseSource.Image image) {
      int id = start("[" + stage.name() + "] FROM " + image.reference());
      long began = System.nanoTime();
      SourceImage source = services.images().resolve(image.reference());
      for (LayerRef layer : source.layers()) {
        layerOrigins.putIfAbsent(layer.blob().digest(), source);
      }
      fetchMissing(id, source);
      layers.addAll(source.layers());
      source.layers().forEach(l -> layerTimes.add(Optional.empty()));
      key = StepKeys.base(source.layers().stream().map(LayerRef::diffId).toList());
      done(id, began);
    } else if (base instanceof BaseSource.Stage s) {
      layers.addAll(results.get(s.index()).layers);
      layerTimes.addAll(results.get(s.index()).layerTimes);
      key = results.get(s.index()).key;
    } else {
      throw new IllegalStateException("unhandled " + base.getClass().getSimpleName());
    }
    boolean useCache = cache.isPresent() && policy.allows(stage.name(), stage.index());
    int total = stage.steps().size();
    int index = 0;
    for (PlannedStep step : stage.steps()) {
      index++;
      results.await(StageScheduler.dependencies(step)); // the stages this step reads, before it is reported
      String name = "[" + stage.name() + " " + index + "/" + total + "] " + step.title();
      int id = start(name);
      long began = System.nanoTime();
      try {
        key = cache.isPresent() ? keyOf(step, key, results) : key; // no cache: no context hashing either
        Optional<CacheEntry> hit = useCache ? cache.get().lookup(key, services.store()) : Optional.empty();
        if (hit.isPresent()) {
          guardCached(hit.get().layer(), step);
          layers.add(hit.get().layer());
          layerTimes.add(Optional.of(hit.get().created()));
          key = StepKeys.result(key, hit.get().layer().diffId());
          if (step instanceof PlannedStep.Run run && !run.secretMounts().isEmpty()) {
            cachedSecretStep = true;
          }
          services.events().accept(new BuildEvent.Cached(id));
          continue;
        }
        LayerRef layer = execute(step, id, layers, results);
        Instant made = Instant.now();
        layers.add(layer);
        layerTimes.add(Optional.of(made));
        if (cache.isPresent()) {
          cache.get().record(key, new CacheEntry(layer, made)); // commit() has stored the blob by now
          key = StepKeys.result(key, layer.diffId());
        }
        done(id, began);
      } catch (IOException | RuntimeException | InterruptedException e) {
        services.events().accept(new BuildEvent.Failed(id, since(began), messageOf(e)));
        throw e;
      }
    }
    // The plan's history marks which entries have layers (the n-th such entry is the n-th layer): each new one gets
    // its layer's time (kept in the cache, so a cached rebuild repeats it), entries without a layer the newest.
    Optional<Instant> lastLayer = layerTimes.stream().flatMap(Optional::stream).max(Instant::compareTo);
    Instant metadataTime = lastLayer.orElse(created);
    int layerIndex = 0;
    List<HistoryEntry> history = new ArrayList<>();
    for (HistoryEntry entry : stage.image().history()) {
      int layer = entry.emptyLayer() ? -1 : layerIndex++;
      if (entry.created().isPresent()) {
        history.add(entry);
        continue;
      }
      Instant time = layer >= 0 && layer < layerTimes.size() ? layerTimes.get(layer).orElse(metadataTime)
          : metadataTime;
      history.add(new HistoryEntry(Optional.of(time), entry.createdBy(), entry.author(), entry.comment(),
          entry.emptyLayer()));
    }
    ImageConfig image = stage.image().withHistory(history)
        .withRootfs(RootFs.of(layers.stream().map(LayerRef::diffId).toList()));
    return new StageResult(List.copyOf(layers), image, key, List.copyOf(layerTimes), lastLayer);
  }

  private LayerRef execute(PlannedStep step, int id, List<LayerRef> parents, Done<StageResult> results)
      throws IOException, InterruptedException {
    String origin = services.dockerfileName() + ":" + step.instruction().line() + " (" + step.title() + ")";
    if (step instanceof PlannedStep.Run run) {
      return runStep(run, id, parents, results, origin);
    } else if (step instanceof PlannedStep.Copy copy) {
      return copyStep(copy, parents, results, origin);
    } else if (step instanceof PlannedStep.Workdir workdir) {
      try (ActiveSnapshot active = services.snapshotter().prepare(snapshots(parents))) {
        try {
          services.files().workdir(workdir.path(), workdir.user(), active.root());
        } catch (RuntimeException e) {
          throw new StepFailedException(services.dockerfileName(), workdir.instruction().line(), messageOf(e), e);
        }
        return commit(active, Set.of(), origin);
      }
    }
    throw new IllegalStateException("unhandled " + step.getClass().getSimpleName());
  }

  // ---------------------------------------------------------------- cache keys

  private Digest keyOf(PlannedStep step, Digest parent, Done<StageResult> results) {
    try {
      if (step instanceof PlannedStep.Run run) {
        return policy.secretCache() == SecretCacheMode.BY_CONTENT && !run.secretMounts().isEmpty()
            ? StepKeys.run(parent, redactedForKey(run), effectiveNetwork(run), bindIdentities(run, results),
                cache.orElseThrow().secretKey().fingerprints(run, services.secrets()))
            : StepKeys.run(parent, redactedForKey(run), effectiveNetwork(run), bindIdentities(run, results));
      } else if (step instanceof PlannedStep.Copy copy) {
        CopySource from = copy.source();
        Digest source;
        if (from instanceof CopySource.Context) {
          source = services.files().contextDigest(copy, services.context());
        } else if (from instanceof CopySource.Stage s) {
          source = results.get(s.index()).key;
        } else if (from instanceof CopySource.Image i) {
          source = imageKey(i.reference());
        } else {
          throw new IllegalStateException("unhandled " + from.getClass().getSimpleName());
        }
        return StepKeys.copy(parent, copy, source);
      } else if (step instanceof PlannedStep.Workdir workdir) {
        return StepKeys.workdir(parent, workdir);
      }
      throw new IllegalStateException("unhandled " + step.getClass().getSimpleName());
    } catch (RuntimeException e) {
      if (e instanceof StepFailedException) {
        throw e;
      }
      throw new StepFailedException(services.dockerfileName(), step.instruction().line(), messageOf(e), e);
    }
  }

  /**
   * A cached layer was searched for the secrets of the build that made it, not for this build's: search it again
   * for the values in use now, so a value that has become a secret never reaches an image through the cache.
   */
  private void guardCached(LayerRef layer, PlannedStep step) throws IOException {
    if (services.guard().isEmpty()) {
      return;
    }
    LayerGuard guard = new LayerGuard(services.guard(),
        services.dockerfileName() + ":" + step.instruction().line() + " (" + step.title() + ", cached)");
    byte[] buffer = new byte[64 * 1024];
    try (TarReader reader = Layers.reader(services.store(), layer.blob())) {
      for (TarHeader header = reader.next(); header != null; header = reader.next()) {
        guard.startEntry(header);
        InputStream content = reader.content();
        for (int n = content.read(buffer); n > 0; n = content.read(buffer)) {
          guard.content(buffer, 0, n);
        }
        guard.endEntry(header);
      }
    }
  }

  /** Masked build args may flow into env or argv: the key sees them redacted, as it sees secrets by id only. */
  private PlannedStep.Run redactedForKey(PlannedStep.Run run) {
    if (services.guard().isEmpty()) {
      return run;
    }
    return new PlannedStep.Run(run.instruction(), run.title(), redact(run.argv()), redact(run.env()),
        run.workdir(), run.user(), run.network(), run.insecure(), run.mounts(), run.inlineFiles());
  }

  private List<Digest> bindIdentities(PlannedStep.Run run, Done<StageResult> results) {
    List<Digest> identities = new ArrayList<>();
    for (PlannedMount mount : run.mounts()) {
      if (mount instanceof PlannedMount.Bind bind) {
        CopySource from = bind.from();
        if (from instanceof CopySource.Context) {
          identities.add(services.files().contextDigest(bind.source(), services.context()));
        } else if (from instanceof CopySource.Stage s) {
          identities.add(results.get(s.index()).key);
        } else if (from instanceof CopySource.Image i) {
          identities.add(imageKey(i.reference()));
        } else {
          throw new IllegalStateException("unhandled " + from.getClass().getSimpleName());
        }
      }
    }
    return identities;
  }

  private Digest imageKey(String reference) {
    return StepKeys.base(services.images().resolve(reference).layers().stream().map(LayerRef::diffId).toList());
  }

  private String effectiveNetwork(PlannedStep.Run run) {
    return run.network().equals("default") ? services.network() : run.network();
  }

  // ---------------------------------------------------------------- COPY / ADD

  private LayerRef copyStep(PlannedStep.Copy copy, List<LayerRef> parents, Done<StageResult> results,
      String origin) throws IOException {
    List<Snapshot> below = copy.link() ? List.of() : snapshots(parents);
    List<AutoCloseable> views = new ArrayList<>();
    try (ActiveSnapshot active = services.snapshotter().prepare(below)) {
      // COPY --link writes into an empty layer, but --chown names still come from the stage's /etc/passwd.
      Path usersRoot = active.root();
      if (copy.link() && copy.chown().isPresent() && !parents.isEmpty()) {
        ActiveSnapshot stage = services.snapshotter().view(snapshots(parents));
        views.add(stage);
        usersRoot = stage.root();
      }
      CopySource from = copy.source();
      if (from instanceof CopySource.Context) {
        services.files().copy(copy, services.context(), true, active.root(), usersRoot);
      } else if (from instanceof CopySource.Stage s) {
        ActiveSnapshot view = services.snapshotter().view(snapshots(results.get(s.index()).layers));
        views.add(view);
        services.files().copy(copy, view.root(), false, active.root(), usersRoot);
      } else if (from instanceof CopySource.Image i) {
        SourceImage image = services.images().resolve(i.reference());
        for (LayerRef layer : image.layers()) {
          layerOrigins.putIfAbsent(layer.blob().digest(), image);
        }
        ActiveSnapshot view = services.snapshotter().view(snapshots(image.layers()));
        views.add(view);
        services.files().copy(copy, view.root(), false, active.root(), usersRoot);
      } else {
        throw new IllegalStateException("unhandled " + from.getClass().getSimpleName());
      }
      closeAll(views);
      views.clear();
      return commit(active, Set.of(), origin);
    } catch (RuntimeException e) {
      if (e instanceof LeakDetectedException) {
        throw e;
      }
      throw new StepFailedException(services.dockerfileName(), copy.instruction().line(), messageOf(e), e);
    } finally {
      closeAll(views);
    }
  }

  // ---------------------------------------------------------------- RUN

  private LayerRef runStep(PlannedStep.Run run, int id, List<LayerRef> parents, Done<StageResult> results,
      String origin) throws IOException, InterruptedException {
    try (ActiveSnapshot active = services.snapshotter().prepare(snapshots(parents))) {
      StepFiles.ExecUser user = services.files().user(run.user(), active.root());
      try (StepMounts mounts = StepMounts.open(run, services, mountSources(results))) {
        ExecSpec spec = new ExecSpec(run.argv(), mounts.env(run.env()), mounts.secretEnv(), run.workdir(),
            user.uid(), user.gid(), user.additionalGids(), effectiveNetwork(run), "buildkitsandbox",
            mounts.mounts(), run.insecure());
        LogStream log = new LogStream(id, services.events());
        Executor.ExecResult result;
        try (OutputStream out = new RedactingOutputStream(log, services.guard())) {
          result = services.executor().run(spec, active, out);
        }
        if (result.exitCode() != 0) {
          throw new StepFailedException(services.dockerfileName(), run.instruction().line(),
              "process \"" + String.join(" ", redact(run.argv())) + "\" did not complete successfully: exit code: "
                  + result.exitCode(), null);
        }
        return commit(active, result.createdStubs(), origin);
      }
    }
  }

  private List<String> redact(List<String> argv) {
    return argv.stream().map(a -> RedactingOutputStream.redact(services.guard(), a)).toList();
  }

  /** The stages and images RUN mounts read from ({@code bind from=}, {@code cache from=}). */
  private StepMounts.Sources mountSources(Done<StageResult> results) {
    return new StepMounts.Sources() {
      @Override
      public ActiveSnapshot mount(CopySource from, boolean writable) throws IOException {
        List<Snapshot> stack = snapshots(layersOf(from));
        return writable ? services.snapshotter().prepare(stack) : services.snapshotter().view(stack);
      }

      @Override
      public Digest identity(CopySource from) {
        return StepKeys.base(layersOf(from).stream().map(LayerRef::diffId).toList());
      }

      private List<LayerRef> layersOf(CopySource from) {
        if (from instanceof CopySource.Stage s) {
          return results.get(s.index()).layers;
        } else if (from instanceof CopySource.Image i) {
          SourceImage image = services.images().resolve(i.reference());
          image.layers().forEach(l -> layerOrigins.putIfAbsent(l.blob().digest(), image));
          return image.layers();
        } else if (from instanceof CopySource.Context) {
          throw new IllegalArgumentException("the build context is not a stage");
        }
        throw new IllegalStateException("unhandled " + from.getClass().getSimpleName());
      }
    };
  }

  // ---------------------------------------------------------------- layers and snapshots

  /**
   * Writes the snapshot's changes as a layer and keeps them as a snapshot. The leak guard reads the layer on a thread
   * of its own (it scans a few hundred MB/s, slower than the layer's tar and SHA-256), and a layer it rejects is
   * discarded when the layer ends.
   */
  private LayerRef commit(ActiveSnapshot active, Set<String> excluded, String origin) throws IOException {
    try (ObserverThread guard = services.guard().isEmpty() ? null // a null resource is not closed
        : new ObserverThread(new LayerGuard(services.guard(), origin), "stowage-leak-guard")) {
      LayerOptions options = LayerOptions.defaults()
          .withCompression(services.compression())
          .withMtime(new MtimePolicy.Preserve())
          .withObserver(guard == null ? dev.stowage.oci.archive.ContentObserver.NONE : guard);
      LayerResult result;
      try (LayerWriter writer = LayerWriter.toStore(services.store(), options)) {
        active.writeDiff(writer, excluded);
        result = writer.finish();
      }
      active.commit(result.diffId());
      return new LayerRef(result.descriptor(), result.diffId());
    }
  }

  private List<Snapshot> snapshots(List<LayerRef> layers) throws IOException {
    List<Snapshot> snapshots = new ArrayList<>();
    for (LayerRef layer : layers) {
      if (!services.snapshotter().has(layer.diffId())) {
        ensureBlob(layer);
        services.snapshotter().unpack(layer.diffId(),
            UncompressedCopies.unpackSource(services.store(), layer));
      }
      snapshots.add(new Snapshot(layer.diffId()));
    }
    return snapshots;
  }

  /**
   * Pulls the base layers that are not in the store yet, all at the same time (as BuildKit does), reporting each
   * as a transfer of the FROM step. The first failure is rethrown once every pull has ended.
   */
  private void fetchMissing(int id, SourceImage source) throws InterruptedException {
    List<LayerRef> missing = source.layers().stream().filter(l -> !services.store().has(l.blob().digest()))
        .distinct().toList();
    if (missing.isEmpty()) {
      return;
    }
    List<Future<?>> pulls = new ArrayList<>();
    try (var pool = Executors.newVirtualThreadPerTaskExecutor()) {
      for (LayerRef layer : missing) {
        String item = layer.blob().digest().toString();
        pulls.add(pool.submit(() -> {
          services.events().accept(new BuildEvent.Progress(id, item, 0, layer.blob().size(), false));
          services.images().fetchLayer(source, layer);
          services.events().accept(new BuildEvent.Progress(id, item, layer.blob().size(), layer.blob().size(),
              true));
          return null;
        }));
      }
      for (var pull : pulls) {
        try {
          pull.get();
        } catch (ExecutionException e) {
          pulls.forEach(p -> p.cancel(true));
          if (e.getCause() instanceof RuntimeException runtime) {
            throw runtime;
          }
          throw new IllegalStateException(e.getCause());
        }
      }
    }
  }

  private void ensureBlob(LayerRef layer) {
    if (!services.store().has(layer.blob().digest())) {
      SourceImage origin = layerOrigins.get(layer.blob().digest());
      if (origin == null) {
        throw new IllegalStateException("layer " + layer.blob().digest() + " is not in the store");
      }
      services.images().fetchLayer(origin, layer);
    }
  }

  private void checkConfig(byte[] bytes) {
    List<SecretMatch> matches = services.guard().findAll(bytes);
    if (!matches.isEmpty()) {
      SecretMatch match = matches.get(0);
      throw new LeakDetectedException(match.id().value(), match.encoding().name().toLowerCase(Locale.ROOT),
          "the image config (env, labels or history)", services.dockerfileName());
    }
  }

  private void storeBlob(byte[] bytes, Digest digest) throws IOException {
    if (services.store().has(digest)) {
      return;
    }
    try (var ingest = services.store().ingest(Optional.of(digest), bytes.length)) {
      ingest.write(bytes);
      ingest.commit();
    }
  }

  // ---------------------------------------------------------------- events and helpers

  /**
   * Starts a step of the build that is not a Dockerfile instruction (an export), numbered after the solved ones as
   * BuildKit numbers its vertices; report its end with {@link #finishVertex}.
   */
  public int startVertex(String name) {
    return start(name);
  }

  /** Ends a vertex from {@link #startVertex}: done, or failed with {@code failure}'s message. */
  public void finishVertex(int id, long beganNanos, Optional<Throwable> failure) {
    services.events().accept(failure.isPresent()
        ? new BuildEvent.Failed(id, since(beganNanos), messageOf(failure.get()))
        : new BuildEvent.Done(id, since(beganNanos)));
  }

  private int start(String name) {
    int id = vertices.incrementAndGet();
    services.events().accept(new BuildEvent.Started(id, name));
    return id;
  }

  private void done(int id, long began) {
    services.events().accept(new BuildEvent.Done(id, since(began)));
  }

  private static Duration since(long began) {
    return Duration.ofNanos(System.nanoTime() - began);
  }

  private static String messageOf(Throwable e) {
    return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
  }

  private static void closeAll(List<AutoCloseable> resources) {
    for (int i = resources.size() - 1; i >= 0; i--) {
      try {
        resources.get(i).close();
      } catch (Exception ignored) {
        // keep releasing the others; the stale-resource sweep of the next build catches what is left
      }
    }
  }

  /** Turns a step's output into Log events, a line at a time. */
  private static final class LogStream extends OutputStream {
    private final int id;
    private final EventSink events;
    private final long began = System.nanoTime();
    private final ByteArrayOutputStream line = new ByteArrayOutputStream();

    LogStream(int id, EventSink events) {
      this.id = id;
      this.events = events;
    }

    @Override
    public synchronized void write(int b) {
      line.write(b);
      if (b == '\n') {
        emit();
      }
    }

    @Override
    public synchronized void write(byte[] b, int off, int len) {
      for (int i = 0; i < len; i++) {
        write(b[off + i]);
      }
    }

    @Override
    public synchronized void close() {
      if (line.size() > 0) {
        emit();
      }
    }

    private void emit() {
      events.accept(new BuildEvent.Log(id, since(began), line.toString(StandardCharsets.UTF_8)));
      line.reset();
    }
  }
}
