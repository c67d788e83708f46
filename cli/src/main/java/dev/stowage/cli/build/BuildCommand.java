package dev.stowage.cli.build;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.stowage.cli.build.progress.Progress;
import dev.stowage.cli.build.progress.ProgressMode;
import dev.stowage.cli.build.progress.ProgressSink;
import dev.stowage.cli.common.CliException;
import dev.stowage.cli.common.ExitCode;
import dev.stowage.cli.common.StateOptions;
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
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code stowage build}: docker build's flags, BuildKit's semantics, and secrets that never reach the image. */
@Command(
    name = "build",
    description = {
      "Build an image from a Dockerfile.",
      "Secrets passed with --secret exist only inside the RUN steps that mount them; every layer and the config"
          + " are checked for them before anything is exported."
    },
    sortOptions = false)
public final class BuildCommand implements Callable<Integer> {
  @Parameters(index = "0", arity = "0..1", paramLabel = "CONTEXT", description = "The build context (default: .)")
  Path context = Path.of(".");

  @Option(names = {"-f", "--file"}, paramLabel = "DOCKERFILE",
      description = "Name of the Dockerfile (default: CONTEXT/Dockerfile; - reads standard input)")
  String file;

  @Option(names = {"-t", "--tag"}, paramLabel = "NAME[:TAG]", description = "Name the image (repeatable)")
  List<String> tags = new ArrayList<>();

  @Option(names = "--build-arg", paramLabel = "KEY[=VALUE]",
      description = "Set a build-time variable; KEY alone takes the value from the environment (repeatable)")
  List<String> buildArgs = new ArrayList<>();

  @Option(names = "--secret", paramLabel = "id=ID[,src=FILE|env=VAR]",
      description = "A secret for RUN --mount=type=secret (repeatable); never stored in the image")
  List<String> secrets = new ArrayList<>();

  @Option(names = "--ssh", paramLabel = "default|ID[=SOCKET|KEYFILE[,KEYFILE]]",
      description = "An SSH agent for RUN --mount=type=ssh (repeatable): default is $SSH_AUTH_SOCK")
  List<String> ssh = new ArrayList<>();

  @Option(names = "--build-context", paramLabel = "NAME=docker-image://REF|oci-layout://PATH[:TAG]",
      description = "Use this image wherever the Dockerfile names NAME in FROM or COPY --from (repeatable)")
  List<String> buildContexts = new ArrayList<>();

  @Option(names = "--target", paramLabel = "STAGE", description = "The stage to build")
  String target;

  @Option(names = "--platform", paramLabel = "OS/ARCH", description = "The platform to build for")
  String platform;

  @Option(names = {"-o", "--output"}, paramLabel = "type=docker|oci|local|image|registry[,dest=...]",
      description = "Where the result goes (repeatable; default: the local image store)")
  List<String> outputs = new ArrayList<>();

  @Option(names = "--push", description = "Push the image to its registry (same as --output type=registry)")
  boolean push;

  @Option(names = "--label", paramLabel = "KEY=VALUE", description = "Set a label on the image (repeatable)")
  List<String> labels = new ArrayList<>();

  @Option(names = "--iidfile", paramLabel = "FILE", description = "Write the image ID (config digest) to FILE")
  Path iidFile;

  @Option(names = "--metadata-file", paramLabel = "FILE", description = "Write build result metadata to FILE")
  Path metadataFile;

  @Option(names = "--pull", description = "Always look up base images in their registry")
  boolean pull;

  @Option(names = "--no-cache", description = "Run every step; take nothing from the build cache")
  boolean noCache;

  @Option(names = "--no-cache-filter", paramLabel = "STAGE",
      description = "Run every step of this stage (AS name or index); take nothing from the cache for it (repeatable)")
  List<String> noCacheFilter = new ArrayList<>();

  @Option(names = "--secret-cache", paramLabel = "by-id|by-content",
      description = "What RUN cache keys see of mounted secrets: by-id (default, as BuildKit: a changed secret keeps"
          + " the cache) or by-content (a keyed HMAC of the bytes: a changed secret reruns the step)")
  String secretCache = "by-id";

  @Option(names = "--network", paramLabel = "default|none|host",
      description = "Network for RUN steps: default is the host's network (Stowage runs no network daemon);"
          + " none isolates every step")
  String network = "default";

  @Option(names = "--progress", paramLabel = "auto|tty|plain|rawjson|quiet",
      description = "Progress on stderr: a live view (tty), plain lines, JSON lines (rawjson) or none (quiet: the"
          + " image ID on stdout); default: $BUILDKIT_PROGRESS, else auto (tty on a terminal, else plain)")
  String progress;

  @Option(names = {"-q", "--quiet"}, description = "Print only the image ID (same as --progress=quiet)")
  boolean quiet;

  @Option(names = "--history-args", paramLabel = "names|values",
      description = "How build args appear in RUN history: names (default) or values (BuildKit's text)")
  String historyArgs = "names";

  @Option(names = "--allow-secret-args",
      description = "Accept build args whose names look like secrets (their values are masked in history and"
          + " searched for in every layer)")
  boolean allowSecretArgs;

  @Option(names = "--insecure-registry", paramLabel = "HOST[:PORT]",
      description = "Use plain HTTP for this registry (localhost and 127.0.0.1 always are)")
  List<String> insecureRegistries = new ArrayList<>();

  @Mixin StateOptions state;


  @Override
  public Integer call() throws Exception {
    ProgressMode mode = ProgressMode.choose(Optional.ofNullable(progress), quiet, System.getenv());
    quiet = mode == ProgressMode.QUIET; // --progress=quiet prints the image ID on stdout, as -q does
    // Closed before the error handler prints: the live view's final frame and failed logs come first.
    try (ProgressSink events = Progress.open(mode, System.err, System.getenv())) {
      return build(events);
    }
  }

  @SuppressWarnings("try") // the state lock is held for the block, not used in it
  private Integer build(EventSink events) throws Exception {
    Path contextDir = context.toAbsolutePath().normalize();
    if (!Files.isDirectory(contextDir)) {
      throw CliException.usage("the build context " + context + " is not a directory");
    }
    String dockerfileName = file == null ? "Dockerfile" : file;
    String text = readDockerfile(contextDir);
    Dockerfile dockerfile = DockerfileParser.parse(text, dockerfileName).dockerfile();

    Map<String, String> args = parseBuildArgs();
    Platform host = Platform.host();
    BuildRequest request = new BuildRequest(dockerfileName, args, Optional.ofNullable(target),
        platform == null ? host : Platform.parse(platform), host, keyValues(labels, "--label"),
        parseHistoryArgs(), allowSecretArgs
            ? args.keySet().stream().filter(dev.stowage.detect.SecretNames::isSecretLike).collect(Collectors.toSet())
            : Set.of(), Map.of());
    Preflight.checkBuildArgs(request, allowSecretArgs);
    SecretCacheMode secretCacheMode = parseSecretCache();
    List<OutputSpec> outputSpecs = new ArrayList<>();
    for (String output : outputs) {
      outputSpecs.add(parseOutput(output));
    }
    if (push) {
      outputSpecs.add(new OutputSpec.Image(List.of(), true));
    }
    for (String tag : tags) {
      LocalImages.normalize(tag); // a bad -t fails now, not after the build
    }

    List<SecretSpec> specs = new ArrayList<>();
    for (String secret : secrets) {
      specs.add(SecretSpecParser.parse(secret, System.getenv()));
    }
    try (ProvidedSecrets provided = ProvidedSecrets.open(specs);
        BuildServices runtime = BuildServices.open(state, insecureRegistries, events);
        StateLock building = StateLock.forBuild(runtime.stateDir().cache())) {
      StateDir stateDir = runtime.stateDir();
      FileBlobStore store = runtime.store();
      request = request.withNamedContexts(NamedContexts.resolve(buildContexts,
          new dev.stowage.engine.store.ImageStore(store, runtime.names())));
      ImageResolver images = new ImageResolver(store, runtime.names(), Optional.of(runtime.registry()),
          request.targetPlatform(), pull);
      BuildPlan plan = Planner.plan(dockerfile, request, ref -> images.resolve(ref).config(),
          BuildCommand::parseTrigger);
      plan.warnings().forEach(w -> events.accept(new BuildEvent.Warning(w)));
      Preflight.checkSecrets(plan, provided.ids().stream().map(SecretId::value).collect(Collectors.toSet()),
          dockerfileName);
      try (SecretMatcher guard = guardMatcher(provided, plan, request);
          SshAgents agents = SshAgents.open(ssh, runtime::volatileDir);
          BuildCache buildCache = new BuildCache(stateDir.cache())) {
        guard.tooShortToMatch().forEach(id -> events.accept(new BuildEvent.Warning("secret " + id.value()
            + " is shorter than " + SecretMatcher.MIN_SECRET_BYTES + " bytes: it is masked nowhere and the image"
            + " is not searched for it")));
        Solver solver = new Solver(new Solver.Services(store, images, runtime.snapshotter(), runtime.executor(),
            runtime.files(contextDir), provided, guard, runtime::volatileDir, contextDir, stateDir.cache().resolve("mounts"),
            events, dev.stowage.oci.archive.Compression.NONE, dockerfileName,
            network.equals("default") ? "host" : network, agents::socket),
            Optional.of(buildCache), new CachePolicy(noCache, Set.copyOf(noCacheFilter),
            secretCacheMode));
        Solver.BuiltImage built = solver.solve(plan);
        AtomicInteger exportVertex = new AtomicInteger();
        Exporter exporter = new Exporter(store, runtime.names(), Optional.of(runtime.pusher()), System.out,
            stateDir.tmp(), new LayerConverter(store, new CompressionProgress(events, exportVertex::get),
                Optional.of(stateDir.cache().resolve("compressed"))));
        Image stored = exporter.store(built, tags);
        for (OutputSpec spec : outputSpecs) {
          exportVertex.set(solver.startVertex("exporting to " + Exporter.describe(spec)));
          long began = System.nanoTime();
          String done;
          try {
            done = exporter.export(spec, built, tags);
          } catch (IOException | RuntimeException e) {
            solver.finishVertex(exportVertex.get(), began, Optional.of(e));
            throw e;
          }
          solver.finishVertex(exportVertex.get(), began, Optional.empty());
          events.accept(new BuildEvent.Info(done));
        }
        String id = built.configDigest().toString();
        if (iidFile != null) {
          Files.writeString(iidFile, id);
        }
        if (metadataFile != null) {
          Map<String, Object> metadata = new LinkedHashMap<>();
          metadata.put("containerimage.config.digest", id);
          metadata.put("containerimage.digest", stored.descriptor().digest().toString());
          if (!tags.isEmpty()) {
            metadata.put("image.name", String.join(",", tags));
          }
          // made here, not in a static field: a mapper in this class would tie its loading to Jackson's start-up
          new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(metadataFile.toFile(), metadata);
        }
        if (quiet) {
          System.out.println(id);
        } else {
          events.accept(new BuildEvent.Info("writing image " + id + " done"
              + (tags.isEmpty() ? "" : "; naming to " + String.join(", ", tags))));
        }
      }
    }
    return ExitCode.OK;
  }

  private String readDockerfile(Path contextDir) throws IOException {
    if ("-".equals(file)) {
      return new String(System.in.readAllBytes(), StandardCharsets.UTF_8);
    }
    Path path = file == null ? contextDir.resolve("Dockerfile") : Path.of(file);
    try {
      return Files.readString(path);
    } catch (NoSuchFileException e) {
      throw CliException.usage("no Dockerfile at " + path + " (use -f to name one)");
    }
  }

  private Map<String, String> parseBuildArgs() {
    Map<String, String> args = new LinkedHashMap<>();
    for (String arg : buildArgs) {
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
    return switch (historyArgs.toLowerCase(Locale.ROOT)) {
      case "names" -> HistoryArgs.NAMES;
      case "values" -> HistoryArgs.VALUES;
      default -> throw CliException.usage("--history-args must be names or values, got " + historyArgs);
    };
  }

  private SecretCacheMode parseSecretCache() {
    try {
      return SecretCacheMode.parse(secretCache);
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
