package dev.stowage.cli.build;

import static dev.stowage.cli.common.FieldBinding.flag;
import static dev.stowage.cli.common.FieldBinding.list;
import static dev.stowage.cli.common.FieldBinding.value;

import dev.stowage.cli.common.StandardHelpOptions;
import dev.stowage.cli.common.StateOptions;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

/**
 * The flags of {@code stowage build} and the values picocli parses into them. The picocli model is built with its
 * programmatic API, not from annotations: reading annotations makes the JDK generate a proxy class per annotation
 * type at run time (about 0.1 s of a short build's start-up, which the JVM's ahead-of-time cache cannot keep).
 */
final class BuildOptions {
  Path context = Path.of(".");
  String file;
  List<String> tags = new ArrayList<>();
  List<String> buildArgs = new ArrayList<>();
  List<String> secrets = new ArrayList<>();
  List<String> ssh = new ArrayList<>();
  List<String> buildContexts = new ArrayList<>();
  String target;
  String platform;
  List<String> outputs = new ArrayList<>();
  boolean push;
  List<String> labels = new ArrayList<>();
  Path iidFile;
  Path metadataFile;
  boolean pull;
  boolean noCache;
  List<String> noCacheFilter = new ArrayList<>();
  String secretCache = "by-id";
  String network = "default";
  String progress;
  boolean quiet;
  String historyArgs = "names";
  boolean allowSecretArgs;
  List<String> insecureRegistries = new ArrayList<>();
  final StateOptions state = new StateOptions();

  /**
   * The picocli model of {@code stowage build}, bound to these fields; {@code command} is what picocli runs. The
   * options are added in help order (the help does not sort them).
   */
  CommandSpec spec(Object command) {
    CommandSpec spec = CommandSpec.wrapWithoutInspection(command).name("build");
    spec.usageMessage().sortOptions(false).description(
        "Build an image from a Dockerfile.",
        "Secrets passed with --secret exist only inside the RUN steps that mount them; every layer and the config"
            + " are checked for them before anything is exported.");
    spec.addPositional(value(PositionalParamSpec.builder().index("0").arity("0..1").paramLabel("CONTEXT")
        .description("The build context (default: .)"), Path.class, () -> context, v -> context = v));
    spec.addOption(value(option("-f", "--file").paramLabel("DOCKERFILE")
        .description("Name of the Dockerfile (default: CONTEXT/Dockerfile; - reads standard input)"),
        String.class, () -> file, v -> file = v));
    spec.addOption(list(option("-t", "--tag").paramLabel("NAME[:TAG]")
        .description("Name the image (repeatable)"), () -> tags, v -> tags = v));
    spec.addOption(list(option("--build-arg").paramLabel("KEY[=VALUE]")
        .description("Set a build-time variable; KEY alone takes the value from the environment (repeatable)"),
        () -> buildArgs, v -> buildArgs = v));
    spec.addOption(list(option("--secret").paramLabel("id=ID[,src=FILE|env=VAR]")
        .description("A secret for RUN --mount=type=secret (repeatable); never stored in the image"),
        () -> secrets, v -> secrets = v));
    spec.addOption(list(option("--ssh").paramLabel("default|ID[=SOCKET|KEYFILE[,KEYFILE]]")
        .description("An SSH agent for RUN --mount=type=ssh (repeatable): default is $SSH_AUTH_SOCK"),
        () -> ssh, v -> ssh = v));
    spec.addOption(list(option("--build-context").paramLabel("NAME=docker-image://REF|oci-layout://PATH[:TAG]")
        .description("Use this image wherever the Dockerfile names NAME in FROM or COPY --from (repeatable)"),
        () -> buildContexts, v -> buildContexts = v));
    spec.addOption(value(option("--target").paramLabel("STAGE").description("The stage to build"),
        String.class, () -> target, v -> target = v));
    spec.addOption(value(option("--platform").paramLabel("OS/ARCH").description("The platform to build for"),
        String.class, () -> platform, v -> platform = v));
    spec.addOption(list(option("-o", "--output").paramLabel("type=docker|oci|local|image|registry[,dest=...]")
        .description("Where the result goes (repeatable; default: the local image store)"),
        () -> outputs, v -> outputs = v));
    spec.addOption(flag(option("--push")
        .description("Push the image to its registry (same as --output type=registry)"),
        () -> push, v -> push = v));
    spec.addOption(list(option("--label").paramLabel("KEY=VALUE")
        .description("Set a label on the image (repeatable)"), () -> labels, v -> labels = v));
    spec.addOption(value(option("--iidfile").paramLabel("FILE")
        .description("Write the image ID (config digest) to FILE"), Path.class, () -> iidFile, v -> iidFile = v));
    spec.addOption(value(option("--metadata-file").paramLabel("FILE")
        .description("Write build result metadata to FILE"), Path.class, () -> metadataFile,
        v -> metadataFile = v));
    spec.addOption(flag(option("--pull").description("Always look up base images in their registry"),
        () -> pull, v -> pull = v));
    spec.addOption(flag(option("--no-cache").description("Run every step; take nothing from the build cache"),
        () -> noCache, v -> noCache = v));
    spec.addOption(list(option("--no-cache-filter").paramLabel("STAGE")
        .description("Run every step of this stage (AS name or index); take nothing from the cache for it"
            + " (repeatable)"), () -> noCacheFilter, v -> noCacheFilter = v));
    spec.addOption(value(option("--secret-cache").paramLabel("by-id|by-content")
        .description("What RUN cache keys see of mounted secrets: by-id (default, as BuildKit: a changed secret"
            + " keeps the cache) or by-content (a keyed HMAC of the bytes: a changed secret reruns the step)"),
        String.class, () -> secretCache, v -> secretCache = v));
    spec.addOption(value(option("--network").paramLabel("default|none|host")
        .description("Network for RUN steps: default is the host's network (Stowage runs no network daemon);"
            + " none isolates every step"), String.class, () -> network, v -> network = v));
    spec.addOption(value(option("--progress").paramLabel("auto|tty|plain|rawjson|quiet")
        .description("Progress on stderr: a live view (tty), plain lines, JSON lines (rawjson) or none (quiet:"
            + " the image ID on stdout); default: $BUILDKIT_PROGRESS, else auto (tty on a terminal, else plain)"),
        String.class, () -> progress, v -> progress = v));
    spec.addOption(flag(option("-q", "--quiet").description("Print only the image ID (same as --progress=quiet)"),
        () -> quiet, v -> quiet = v));
    spec.addOption(value(option("--history-args").paramLabel("names|values")
        .description("How build args appear in RUN history: names (default) or values (BuildKit's text)"),
        String.class, () -> historyArgs, v -> historyArgs = v));
    spec.addOption(flag(option("--allow-secret-args")
        .description("Accept build args whose names look like secrets (their values are masked in history and"
            + " searched for in every layer)"), () -> allowSecretArgs, v -> allowSecretArgs = v));
    spec.addOption(list(option("--insecure-registry").paramLabel("HOST[:PORT]")
        .description("Use plain HTTP for this registry (localhost and 127.0.0.1 always are)"),
        () -> insecureRegistries, v -> insecureRegistries = v));
    spec.addMixin("state", state.mixin());
    return StandardHelpOptions.addTo(spec);
  }

  private static OptionSpec.Builder option(String... names) {
    return OptionSpec.builder(names);
  }
}
