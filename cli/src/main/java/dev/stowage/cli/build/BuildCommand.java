package dev.stowage.cli.build;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.stowage.cli.build.progress.Progress;
import dev.stowage.cli.build.progress.ProgressMode;
import dev.stowage.cli.build.progress.ProgressSink;
import dev.stowage.cli.common.CliException;
import dev.stowage.cli.common.ExitCode;
import dev.stowage.dockerfile.ast.Dockerfile;
import dev.stowage.dockerfile.ast.Instruction;
import dev.stowage.dockerfile.parse.DockerfileParser;
import dev.stowage.engine.Preflight;
import dev.stowage.engine.cache.BuildCache;
import dev.stowage.engine.cache.CachePolicy;
import dev.stowage.engine.cache.SecretCacheMode;
import dev.stowage.engine.cache.StateLock;
import dev.stowage.engine.event.BuildEvent;
import dev.stowage.engine.event.EventSink;
import dev.stowage.engine.export.Exporter;
import dev.stowage.engine.export.LayerConverter;
import dev.stowage.engine.export.OutputSpec;
import dev.stowage.engine.image.ImageResolver;
import dev.stowage.engine.plan.BuildPlan;
import dev.stowage.engine.plan.BuildRequest;
import dev.stowage.engine.plan.HistoryArgs;
import dev.stowage.engine.plan.Planner;
import dev.stowage.engine.solve.Solver;
import dev.stowage.engine.store.LocalImages;
import dev.stowage.engine.store.StateDir;
import dev.stowage.oci.Platform;
import dev.stowage.oci.image.Image;
import dev.stowage.oci.store.FileBlobStore;
import dev.stowage.secrets.ProvidedSecrets;
import dev.stowage.secrets.SecretId;
import dev.stowage.secrets.SecretSpec;
import dev.stowage.secrets.SecretSpecParser;
import dev.stowage.secrets.SecretValue;
import dev.stowage.secrets.redact.SecretMatcher;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Model.CommandSpec;

/** {@code stowage build}: docker build's flags, BuildKit's semantics, and secrets that never reach the image. */
public final class BuildCommand implements Callable<Integer> {
  private final BuildOptions options = new BuildOptions();

  /** The picocli model of a new {@code stowage build}, built without reading annotations (see BuildOptions). */
  public static CommandSpec spec() {
    BuildCommand command = new BuildCommand();
    return command.options.spec(command);
  }

  @Override
  public Integer call() throws Exception {
    ProgressMode mode = ProgressMode.choose(Optional.ofNullable(options.progress), options.quiet, System.getenv());
    options.quiet = mode == ProgressMode.QUIET; // --progress=quiet prints the image ID on stdout, as -q does
    // Closed before the error handler prints: the live view's final frame and failed logs come first.
    try (ProgressSink events = Progress.open(mode, System.err, System.getenv())) {
      return build(events);
    }
  }

  @SuppressWarnings("try") // the state lock is held for the block, not used in it
  private Integer build(EventSink events) throws Exception {
    Path contextDir = options.context.toAbsolutePath().normalize();
    if (!Files.isDirectory(contextDir)) {
      throw CliException.usage("the build context " + options.context + " is not a directory");
    }
    String dockerfileName = options.file == null ? "Dockerfile" : options.file;
    String text = readDockerfile(contextDir);
    Dockerfile dockerfile = DockerfileParser.parse(text, dockerfileName).dockerfile();

    Map<String, String> args = parseBuildArgs();
    Platform host = Platform.host();
    BuildRequest request = new BuildRequest(dockerfileName, args, Optional.ofNullable(options.target),
        options.platform == null ? host : Platform.parse(options.platform), host, keyValues(options.labels, "--label"),
        parseHistoryArgs(), options.allowSecretArgs
            ? args.keySet().stream().filter(dev.stowage.detect.SecretNames::isSecretLike).collect(Collectors.toSet())
            : Set.of(), Map.of());
    Preflight.checkBuildArgs(request, options.allowSecretArgs);
    SecretCacheMode secretCacheMode = parseSecretCache();
    List<OutputSpec> outputSpecs = new ArrayList<>();
    for (String output : options.outputs) {
      outputSpecs.add(parseOutput(output));
    }
    if (options.push) {
      outputSpecs.add(new OutputSpec.Image(List.of(), true));
    }
    for (String tag : options.tags) {
      LocalImages.normalize(tag); // a bad -t fails now, not after the build
    }

    List<SecretSpec> specs = new ArrayList<>();
    for (String secret : options.secrets) {
      specs.add(SecretSpecParser.parse(secret, System.getenv()));
    }
    try (ProvidedSecrets provided = ProvidedSecrets.open(specs);
        BuildServices runtime = BuildServices.open(options.state, options.insecureRegistries, events);
        StateLock building = StateLock.forBuild(runtime.stateDir().cache())) {
      StateDir stateDir = runtime.stateDir();
      FileBlobStore store = runtime.store();
      request = request.withNamedContexts(NamedContexts.resolve(options.buildContexts,
          new dev.stowage.engine.store.ImageStore(store, runtime.names())));
      ImageResolver images = new ImageResolver(store, runtime.names(), Optional.of(runtime.registry()),
          request.targetPlatform(), options.pull);
      BuildPlan plan = Planner.plan(dockerfile, request, ref -> images.resolve(ref).config(),
          BuildCommand::parseTrigger);
      plan.warnings().forEach(w -> events.accept(new BuildEvent.Warning(w)));
      Preflight.checkSecrets(plan, provided.ids().stream().map(SecretId::value).collect(Collectors.toSet()),
          dockerfileName);
      try (SecretMatcher guard = guardMatcher(provided, plan, request);
          SshAgents agents = SshAgents.open(options.ssh, runtime::volatileDir);
          BuildCache buildCache = new BuildCache(stateDir.cache())) {
        guard.tooShortToMatch().forEach(id -> events.accept(new BuildEvent.Warning("secret " + id.value()
            + " is shorter than " + SecretMatcher.MIN_SECRET_BYTES + " bytes: it is masked nowhere and the image"
            + " is not searched for it")));
        Solver solver = new Solver(new Solver.Services(store, images, runtime.snapshotter(), runtime.executor(),
            runtime.files(contextDir), provided, guard, runtime::volatileDir, contextDir, stateDir.cache().resolve("mounts"),
            events, dev.stowage.oci.archive.Compression.NONE, dockerfileName,
            options.network.equals("default") ? "host" : options.network, agents::socket),
            Optional.of(buildCache), new CachePolicy(options.noCache, Set.copyOf(options.noCacheFilter),
            secretCacheMode));
        Solver.BuiltImage built = solver.solve(plan);
        AtomicInteger exportVertex = new AtomicInteger();
        Exporter exporter = new Exporter(store, runtime.names(), Optional.of(runtime.pusher()), System.out,
            stateDir.tmp(), new LayerConverter(store, new CompressionProgress(events, exportVertex::get),
                Optional.of(stateDir.cache().resolve("compressed"))));
        Image stored = exporter.store(built, options.tags);
        for (OutputSpec spec : outputSpecs) {
          exportVertex.set(solver.startVertex("exporting to " + Exporter.describe(spec)));
          long began = System.nanoTime();
          String done;
          try {
            done = exporter.export(spec, built, options.tags, stored);
          } catch (IOException | RuntimeException e) {
            solver.finishVertex(exportVertex.get(), began, Optional.of(e));
            throw e;
          }
          solver.finishVertex(exportVertex.get(), began, Optional.empty());
          events.accept(new BuildEvent.Info(done));
        }
        String id = built.configDigest().toString();
        if (options.iidFile != null) {
          Files.writeString(options.iidFile, id);
        }
        if (options.metadataFile != null) {
          Map<String, Object> metadata = new LinkedHashMap<>();
          metadata.put("containerimage.config.digest", id);
          metadata.put("containerimage.digest", stored.descriptor().digest().toString());
          if (!options.tags.isEmpty()) {
            metadata.put("image.name", String.join(",", options.tags));
          }
          // made here, not in a static field: a mapper in this class would tie its loading to Jackson's start-up
          new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
              .writeValue(options.metadataFile.toFile(), metadata);
        }
        if (options.quiet) {
          System.out.println(id);
        } else {
          events.accept(new BuildEvent.Info("writing image " + id + " done"
              + (options.tags.isEmpty() ? "" : "; naming to " + String.join(", ", options.tags))));
        }
      }
    }
    return ExitCode.OK;
  }

  private String readDockerfile(Path contextDir) throws IOException {
    if ("-".equals(options.file)) {
      return new String(System.in.readAllBytes(), StandardCharsets.UTF_8);
    }
    Path path = options.file == null ? contextDir.resolve("Dockerfile") : Path.of(options.file);
    try {
      return Files.readString(path);
    } catch (NoSuchFileException e) {
      throw CliException.usage("no Dockerfile at " + path + " (use -f to name one)");
    }
  }

  private Map<String, String> parseBuildArgs() {
    Map<String, String> args = new LinkedHashMap<>();
    for (String arg : options.buildArgs) {
      int eq = arg.indexOf('=');
      if (eq == 0) {
        throw CliException.usage("--build-arg needs a name: " + arg.replaceAll("=.*", "=..."));
      }
      if (eq < 0) {
        String value = System.getenv(arg);
        if (value != null) {
          args.put(arg, value); // docker: a bare name takes the value from the environment, if set
        }
      } else {
        args.put(arg.substring(0, eq), arg.substring(eq + 1));
      }
    }
    return args;
  }

  private static Map<String, String> keyValues(List<String> values, String flag) {
    Map<String, String> map = new LinkedHashMap<>();
    for (String value : values) {
      int eq = value.indexOf('=');
      if (eq <= 0) {
        throw CliException.usage(flag + " needs KEY=VALUE, got " + value);
      }
      map.put(value.substring(0, eq), value.substring(eq + 1));
    }
    return map;
  }

  private HistoryArgs parseHistoryArgs() {
    return switch (options.historyArgs.toLowerCase(Locale.ROOT)) {
      case "names" -> HistoryArgs.NAMES;
      case "values" -> HistoryArgs.VALUES;
      default -> throw CliException.usage("--history-args must be names or values, got " + options.historyArgs);
    };
  }

  private SecretCacheMode parseSecretCache() {
    try {
      return SecretCacheMode.parse(options.secretCache);
    } catch (IllegalArgumentException e) {
      throw CliException.usage(e.getMessage());
    }
  }

  private static OutputSpec parseOutput(String value) {
    try {
      return OutputSpec.parse(value);
    } catch (IllegalArgumentException e) {
      throw new CliException(ExitCode.USAGE, e.getMessage(), e);
    }
  }

  /** Every secret value in use (secrets and build args allowed with --allow-secret-args), for the guard. */
  private static SecretMatcher guardMatcher(ProvidedSecrets provided, BuildPlan plan, BuildRequest request) {
    Map<SecretId, SecretValue> values = new HashMap<>();
    for (SecretId id : provided.ids()) {
      provided.get(id).ifPresent(v -> values.put(id, v));
    }
    List<SecretValue> madeHere = new ArrayList<>();
    try {
      for (String name : request.maskedArgs()) {
        String value = request.buildArgs().get(name);
        if (value != null) {
          SecretValue masked = SecretValue.ofUtf8(value);
          madeHere.add(masked);
          values.put(new SecretId("build-arg " + name), masked);
        }
      }
      return SecretMatcher.of(values);
    } finally {
      madeHere.forEach(SecretValue::close); // the matcher keeps its own (zeroed on close) patterns
    }
  }

  static Instruction parseTrigger(String trigger) {
    return DockerfileParser.parse("FROM scratch\n" + trigger + "\n", "ONBUILD trigger").dockerfile().stages()
        .get(0).body().get(0);
  }
}
