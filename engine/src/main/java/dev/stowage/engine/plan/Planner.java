package dev.stowage.engine.plan;

import dev.stowage.dockerfile.ast.Add;
import dev.stowage.dockerfile.ast.Arg;
import dev.stowage.dockerfile.ast.ArgDecl;
import dev.stowage.dockerfile.ast.Cmd;
import dev.stowage.dockerfile.ast.CommandForm;
import dev.stowage.dockerfile.ast.Copy;
import dev.stowage.dockerfile.ast.Dockerfile;
import dev.stowage.dockerfile.ast.Entrypoint;
import dev.stowage.dockerfile.ast.Env;
import dev.stowage.dockerfile.ast.ExecForm;
import dev.stowage.dockerfile.ast.Expose;
import dev.stowage.dockerfile.ast.FileTransfer;
import dev.stowage.dockerfile.ast.From;
import dev.stowage.dockerfile.ast.Healthcheck;
import dev.stowage.dockerfile.ast.Heredoc;
import dev.stowage.dockerfile.ast.Instruction;
import dev.stowage.dockerfile.ast.KeyValue;
import dev.stowage.dockerfile.ast.Label;
import dev.stowage.dockerfile.ast.Maintainer;
import dev.stowage.dockerfile.ast.Onbuild;
import dev.stowage.dockerfile.ast.Run;
import dev.stowage.dockerfile.ast.Shell;
import dev.stowage.dockerfile.ast.ShellForm;
import dev.stowage.dockerfile.ast.Stage;
import dev.stowage.dockerfile.ast.StopSignal;
import dev.stowage.dockerfile.ast.User;
import dev.stowage.dockerfile.ast.Volume;
import dev.stowage.dockerfile.ast.Word;
import dev.stowage.dockerfile.ast.Workdir;
import dev.stowage.dockerfile.expand.ExpansionException;
import dev.stowage.dockerfile.expand.ShellLexer;
import dev.stowage.dockerfile.parse.Suggestions;
import dev.stowage.oci.ContainerConfig;
import dev.stowage.oci.HistoryEntry;
import dev.stowage.oci.ImageConfig;
import dev.stowage.oci.Platform;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns a parsed Dockerfile and a request into a {@link BuildPlan}, with BuildKit's semantics (its
 * {@code dockerfile2llb}): ARG and ENV scoping, word expansion, stage resolution, ONBUILD triggers, and image
 * config and history exactly as BuildKit writes them. Pure: base image configs come in as values, resolved by
 * the caller from the references {@link #imagesToResolve} lists.
 */
public final class Planner {
  static final String HISTORY_COMMENT = "buildkit.dockerfile.v0";
  static final String DEFAULT_PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";
  private static final List<String> DEFAULT_SHELL = List.of("/bin/sh", "-c");
  private static final Set<String> PROXY_ARGS =
      Set.of("http_proxy", "https_proxy", "ftp_proxy", "no_proxy", "all_proxy");
  private static final Pattern SINGLE_HEREDOC = Pattern.compile("^\\d*<<-?\\s*(['\"]?)([^'\"\\s]+)\\1$");
  private static final Pattern PORT = Pattern.compile("^(\\d+)(?:-(\\d+))?(?:/(\\w+))?$");

  private final Dockerfile dockerfile;
  private final BuildRequest request;
  private final ShellLexer lexer;
  private final Map<String, String> globalArgs;
  private final List<StageRef> stages;
  private final Set<String> consumedArgs = new LinkedHashSet<>();

  private Planner(Dockerfile dockerfile, BuildRequest request) {
    this.dockerfile = dockerfile;
    this.request = request;
    this.lexer = ShellLexer.of(dockerfile.directives().escape());
    this.globalArgs = globalArgs();
    this.stages = resolveStages();
  }

  /**
   * The image references the build needs configs for: the bases of the stages the target needs, and the images
   * named by {@code COPY --from} or a mount's {@code from=}. Each is the expanded text as written.
   */
  public static List<String> imagesToResolve(Dockerfile dockerfile, BuildRequest request) {
    Planner planner = new Planner(dockerfile, request);
    Set<String> images = new LinkedHashSet<>();
    for (StageRef stage : planner.reachable()) {
      if (stage.base instanceof BaseSource.Image image) {
        images.add(image.reference());
      }
      for (CopySource source : planner.sourcesOf(stage.stage)) {
        if (source instanceof CopySource.Image image) {
          images.add(image.reference());
        }
      }
    }
    return List.copyOf(images);
  }

  /**
   * Plans the build.
   *
   * @param images the config of every reference {@link #imagesToResolve} returned
   * @param triggerParser parses one ONBUILD trigger of a base image ({@code RUN make}) into an instruction
   */
  public static BuildPlan plan(Dockerfile dockerfile, BuildRequest request, Function<String, ImageConfig> images,
      Function<String, Instruction> triggerParser) {
    return new Planner(dockerfile, request).plan(images, triggerParser);
  }

  private BuildPlan plan(Function<String, ImageConfig> images, Function<String, Instruction> triggerParser) {
    Map<Integer, StageState> done = new HashMap<>();
    List<StagePlan> plans = new ArrayList<>();
    Set<BuildPlan.SecretUse> secrets = new LinkedHashSet<>();
    List<StageRef> reachable = reachable();
    for (StageRef ref : reachable) {
      StageState state = startStage(ref, images, done, triggerParser);
      for (Instruction instruction : state.pending) {
        dispatch(state, instruction, done);
      }
      for (Instruction instruction : ref.stage.body()) {
        dispatch(state, instruction, done);
      }
      done.put(ref.stage.index(), state);
      for (PlannedStep step : state.steps) {
        if (step instanceof PlannedStep.Run run) {
          for (PlannedMount.Secret secret : run.secretMounts()) {
            secrets.add(new BuildPlan.SecretUse(secret.id(), secret.required(), run.instruction().line()));
          }
        }
      }
      ImageConfig image = state.image();
      if (ref == reachable.get(reachable.size() - 1) && !request.labels().isEmpty()) {
        Map<String, String> labels = new LinkedHashMap<>(image.config().labels());
        labels.putAll(request.labels());
        image = image.withConfig(image.config().withLabels(labels));
      }
      plans.add(new StagePlan(ref.stage.index(), ref.stage.displayName(), ref.base, state.steps, image));
    }
    return new BuildPlan(plans, secrets, unusedArgWarnings());
  }

  // ---------------------------------------------------------------- global scope and stage graph

  private record StageRef(Stage stage, BaseSource base) {}

  private Map<String, String> globalArgs() {
    Map<String, String> args = new LinkedHashMap<>();
    Platform target = request.targetPlatform();
    Platform build = request.buildPlatform();
    args.put("BUILDPLATFORM", format(build));
    args.put("BUILDOS", build.os());
    args.put("BUILDARCH", build.architecture());
    args.put("BUILDVARIANT", build.variant().orElse(""));
    args.put("TARGETPLATFORM", format(target));
    args.put("TARGETOS", target.os());
    args.put("TARGETARCH", target.architecture());
    args.put("TARGETVARIANT", target.variant().orElse(""));
    for (Arg arg : dockerfile.globalArgs()) {
      for (ArgDecl decl : arg.args()) {
        String given = request.buildArgs().get(decl.name());
        if (given != null) {
          args.put(decl.name(), given);
          consumedArgs.add(decl.name());
        } else if (decl.defaultValue().isPresent()) {
          args.put(decl.name(), expand(decl.defaultValue().get(), args, arg));
        }
        consumedArgs.add(decl.name());
      }
    }
    return args;
  }

  private static String format(Platform platform) {
    return platform.os() + "/" + platform.architecture() + platform.variant().map(v -> "/" + v).orElse("");
  }

  private List<StageRef> resolveStages() {
    List<StageRef> refs = new ArrayList<>();
    Map<String, Integer> earlier = new HashMap<>();
    for (Stage stage : dockerfile.stages()) {
      From from = stage.from();
      String base = expand(from.image(), globalArgs, from);
      if (base.isEmpty()) {
        throw error(from, "base name (" + from.image().raw() + ") should not be blank");
      }
      BaseSource source;
      if (request.namedContexts().containsKey(base)) {
        source = new BaseSource.Image(request.namedContexts().get(base));
      } else if (earlier.containsKey(base)) {
        source = new BaseSource.Stage(earlier.get(base));
      } else if (base.equalsIgnoreCase("scratch")) {
        source = new BaseSource.Scratch();
      } else {
        source = new BaseSource.Image(base);
      }
      from.platform().ifPresent(p -> {
        String platform = expand(p, globalArgs, from);
        if (platform.isEmpty()) {
          throw error(from, "empty platform value from expression " + p.raw());
        }
      });
      refs.add(new StageRef(stage, source));
      stage.name().ifPresent(name -> earlier.put(name, stage.index()));
    }
    return refs;
  }

  /** The stages the target needs, in Dockerfile order (a stage can only use earlier stages). */
  private List<StageRef> reachable() {
    StageRef target = targetStage();
    Set<Integer> needed = new TreeSet<>();
    List<StageRef> work = new ArrayList<>(List.of(target));
    while (!work.isEmpty()) {
      StageRef ref = work.remove(work.size() - 1);
      if (!needed.add(ref.stage.index())) {
        continue;
      }
      if (ref.base instanceof BaseSource.Stage s) {
        work.add(stages.get(s.index()));
      }
      for (CopySource source : sourcesOf(ref.stage)) {
        if (source instanceof CopySource.Stage s) {
          work.add(stages.get(s.index()));
        }
      }
    }
    return needed.stream().map(stages::get).toList();
  }

  private StageRef targetStage() {
    if (request.target().isEmpty()) {
      return stages.get(stages.size() - 1);
    }
    String wanted = request.target().get();
    for (StageRef ref : stages) {
      if (ref.stage.name().filter(n -> n.equals(wanted.toLowerCase(Locale.ROOT))).isPresent()) {
        return ref;
      }
    }
    List<String> names = stages.stream().flatMap(s -> s.stage.name().stream()).toList();
    Optional<String> suggestion = Suggestions.closest(wanted, names, false);
    throw new PlanException(request.dockerfileName(), 0,
        "target stage \"" + wanted + "\" could not be found",
        suggestion.map(s -> "did you mean " + s + "?").or(() -> Optional.of(names.isEmpty()
            ? "the Dockerfile has no named stages (FROM image AS name)"
            : "stages: " + String.join(", ", names))));
  }

  /** The stages and images a stage reads from, other than its base. */
  private List<CopySource> sourcesOf(Stage stage) {
    List<CopySource> sources = new ArrayList<>();
    for (Instruction instruction : stage.body()) {
      Instruction effective = instruction;
      if (effective instanceof Copy copy && copy.from().isPresent()) {
        sources.add(copySource(copy.from().get(), stage, copy));
      } else if (effective instanceof Run run) {
        for (var mount : run.mounts()) {
          // instanceof, not a pattern switch: the build's start-up path (see docs/architecture.md, "Start-up")
          Optional<Word> from;
          if (mount instanceof dev.stowage.dockerfile.ast.BindMount b) {
            from = b.from();
          } else if (mount instanceof dev.stowage.dockerfile.ast.CacheMount c) {
            from = c.from();
          } else {
            from = Optional.empty();
          }
          from.ifPresent(f -> sources.add(copySource(f, stage, run)));
        }
      }
    }
    return sources;
  }

  /** {@code --from=<stage name|index|image>}: no variables allowed, as in BuildKit. */
  private CopySource copySource(Word from, Stage current, Instruction where) {
    String value = from.raw();
    if (value.contains("$")) {
      throw error(where, "variable expansion is not supported for --from, define a new stage with FROM using ARG"
          + " from global scope as a workaround");
    }
    if (request.namedContexts().containsKey(value)) {
      return new CopySource.Image(request.namedContexts().get(value));
    }
    for (StageRef ref : stages) {
      if (ref.stage.name().filter(n -> n.equals(value.toLowerCase(Locale.ROOT))).isPresent()) {
        return stageSource(ref.stage.index(), current, where, value);
      }
    }
    if (!value.isEmpty() && value.chars().allMatch(Character::isDigit)) {
      int index;
      try {
        index = Integer.parseInt(value);
      } catch (NumberFormatException e) {
        index = Integer.MAX_VALUE;
      }
      if (index >= stages.size()) {
        throw error(where, "invalid stage index " + value);
      }
      return stageSource(index, current, where, value);
    }
    return new CopySource.Image(value);
  }

  private CopySource stageSource(int index, Stage current, Instruction where, String name) {
    if (index >= current.index()) {
      throw error(where, "cannot copy from stage \"" + name + "\", it needs to be defined before current stage \""
          + current.displayName() + "\"");
    }
    return new CopySource.Stage(index);
  }

  // ---------------------------------------------------------------- stage state

  private static final class StageState {
    final StageRef ref;
    ImageConfig image;
    ContainerConfig config;
    final List<HistoryEntry> history;
    /** The environment words expand against: image ENV plus ARG values, in order. */
    final LinkedHashMap<String, String> env = new LinkedHashMap<>();
    /** Declared build args in order, with their values (null when unset), for {@code RUN |N K=v}. */
    final List<Map.Entry<String, String>> buildArgs = new ArrayList<>();
    final List<PlannedStep> steps = new ArrayList<>();
    final List<Instruction> pending = new ArrayList<>();
    boolean cmdSet;

    StageState(StageRef ref, ImageConfig image) {
      this.ref = ref;
      this.image = image;
      this.config = image.config();
      this.history = new ArrayList<>(image.history());
    }

    ImageConfig image() {
      return image.withConfig(config).withHistory(history);
    }

    void commit(String createdBy, boolean withLayer) {
      history.add(new HistoryEntry(Optional.empty(), createdBy, "", HISTORY_COMMENT, !withLayer));
    }
  }

  private StageState startStage(StageRef ref, Function<String, ImageConfig> images, Map<Integer, StageState> done,
      Function<String, Instruction> triggerParser) {
    StageState state;
    List<String> triggers = new ArrayList<>();
    if (ref.base instanceof BaseSource.Scratch) {
      ImageConfig empty = ImageConfig.scratch(request.targetPlatform());
      state = new StageState(ref, empty.withConfig(empty.config().withWorkingDir("/")
          .withEnv(List.of("PATH=" + DEFAULT_PATH))));
    } else if (ref.base instanceof BaseSource.Image image) {
      ImageConfig config = Objects.requireNonNull(images.apply(image.reference()),
          () -> "no config resolved for " + image.reference());
      state = new StageState(ref, config.withCreated(Optional.empty()));
      triggers.addAll(config.config().onBuild());
    } else if (ref.base instanceof BaseSource.Stage stage) {
      StageState base = done.get(stage.index());
      state = new StageState(ref, base.image());
      state.env.putAll(base.env);
      state.buildArgs.addAll(base.buildArgs);
      for (Instruction instruction : base.ref.stage.body()) {
        if (instruction instanceof Onbuild onbuild) {
          state.pending.add(onbuild.trigger());
        }
      }
    } else {
      throw new IllegalStateException("unhandled " + ref.base.getClass().getSimpleName());
    }
    state.config = state.config.withOnBuild(List.of());
    if (state.config.env().stream().noneMatch(e -> e.startsWith("PATH="))) {
      List<String> env = new ArrayList<>(state.config.env());
      env.add("PATH=" + DEFAULT_PATH);
      state.config = state.config.withEnv(env);
    }
    for (String entry : state.config.env()) {
      int eq = entry.indexOf('=');
      state.env.put(eq < 0 ? entry : entry.substring(0, eq), eq < 0 ? "" : entry.substring(eq + 1));
    }
    for (String trigger : triggers) {
      try {
        state.pending.add(triggerParser.apply(trigger));
      } catch (RuntimeException e) {
        throw error(ref.stage.from(), "invalid ONBUILD trigger of the base image: " + e.getMessage());
      }
    }
    return state;
  }

  // ---------------------------------------------------------------- instructions

  private void dispatch(StageState state, Instruction instruction, Map<Integer, StageState> done) {
    if (instruction instanceof Env env) {
      dispatchEnv(state, env);
    } else if (instruction instanceof Arg arg) {
      dispatchArg(state, arg);
    } else if (instruction instanceof Label label) {
      dispatchLabel(state, label);
    } else if (instruction instanceof Maintainer maintainer) {
      state.image = state.image.withAuthor(maintainer.name());
      state.commit("MAINTAINER " + maintainer.name(), false);
    } else if (instruction instanceof Workdir workdir) {
      dispatchWorkdir(state, workdir);
    } else if (instruction instanceof User user) {
      String value = expand(user.user(), state.env, user);
      state.config = state.config.withUser(value);
      state.commit("USER " + value, false);
    } else if (instruction instanceof Expose expose) {
      dispatchExpose(state, expose);
    } else if (instruction instanceof Volume volume) {
      dispatchVolume(state, volume);
    } else if (instruction instanceof StopSignal stop) {
      String signal = expand(stop.signal(), state.env, stop);
      checkSignal(signal, stop);
      state.config = state.config.withStopSignal(signal);
      state.commit("STOPSIGNAL " + signal, false);
    } else if (instruction instanceof Shell shell) {
      state.config = state.config.withShell(shell.argv());
      state.commit("SHELL " + GoFormat.list(shell.argv()), false);
    } else if (instruction instanceof Cmd cmd) {
      List<String> args = commandArgs(state, cmd.command());
      state.config = state.config.withCmd(args).withArgsEscaped(true);
      state.cmdSet = true;
      state.commit("CMD " + GoFormat.quoteAll(args), false);
    } else if (instruction instanceof Entrypoint entrypoint) {
      List<String> args = commandArgs(state, entrypoint.command());
      state.config = state.config.withEntrypoint(args);
      if (!state.cmdSet) {
        state.config = state.config.withCmd(List.of());
      }
      state.commit("ENTRYPOINT " + GoFormat.quoteAll(args), false);
    } else if (instruction instanceof Healthcheck healthcheck) {
      dispatchHealthcheck(state, healthcheck);
    } else if (instruction instanceof Onbuild onbuild) {
      List<String> triggers = new ArrayList<>(state.config.onBuild());
      triggers.add(onbuild.trigger().original());
      state.config = state.config.withOnBuild(triggers);
    } else if (instruction instanceof Run run) {
      dispatchRun(state, run);
    } else if (instruction instanceof Copy copy) {
      dispatchCopy(state, copy, copy.from().map(f -> copySource(f, state.ref.stage, copy))
          .orElse(new CopySource.Context()), false, copy.parents());
    } else if (instruction instanceof Add add) {
      dispatchCopy(state, add, new CopySource.Context(), true, false);
    } else if (instruction instanceof From from) {
      throw error(from, "FROM inside a stage");
    } else {
      throw new IllegalStateException("unhandled " + instruction.getClass().getSimpleName());
    }
  }

  private void dispatchEnv(StageState state, Env env) {
    Map<String, String> before = new LinkedHashMap<>(state.env);
    StringBuilder history = new StringBuilder("ENV");
    List<String> configEnv = new ArrayList<>(state.config.env());
    for (KeyValue pair : env.pairs()) {
      String key = expand(pair.key(), before, env);
      String value = expand(pair.value(), before, env);
      history.append(' ').append(key).append('=').append(value);
      state.env.remove(key);
      state.env.put(key, value);
      boolean replaced = false;
      for (int i = 0; i < configEnv.size(); i++) {
        String entry = configEnv.get(i);
        if (entry.equals(key) || entry.startsWith(key + "=")) {
          configEnv.set(i, key + "=" + value);
          replaced = true;
          break;
        }
      }
      if (!replaced) {
        configEnv.add(key + "=" + value);
      }
    }
    state.config = state.config.withEnv(configEnv);
    state.commit(history.toString(), false);
  }

  private void dispatchArg(StageState state, Arg arg) {
    List<String> commit = new ArrayList<>();
    for (ArgDecl decl : arg.args()) {
      String name = decl.name();
      consumedArgs.add(name);
      String value = null;
      String shownDefault = null;
      if (decl.defaultValue().isPresent()) {
        shownDefault = expand(decl.defaultValue().get(), state.env, arg);
      }
      if (request.buildArgs().containsKey(name)) {
        value = request.buildArgs().get(name);
      } else if (shownDefault != null) {
        value = shownDefault;
      } else if (globalArgs.containsKey(name)) {
        value = globalArgs.get(name);
      }
      if (value != null) {
        state.env.remove(name);
        state.env.put(name, value);
      }
      state.buildArgs.removeIf(e -> e.getKey().equals(name));
      state.buildArgs.add(new java.util.AbstractMap.SimpleImmutableEntry<>(name, value));
      commit.add(shownDefault == null ? name : name + "=" + maskIfSecret(name, shownDefault));
    }
    state.commit("ARG " + String.join(" ", commit), false);
  }

  private String maskIfSecret(String name, String value) {
    return request.maskedArgs().contains(name) ? "****" : value;
  }

  private void dispatchLabel(StageState state, Label label) {
    Map<String, String> labels = new LinkedHashMap<>(state.config.labels());
    StringBuilder history = new StringBuilder("LABEL");
    for (KeyValue pair : label.pairs()) {
      String key = expand(pair.key(), state.env, label);
      String value = expand(pair.value(), state.env, label);
      labels.put(key, value);
      history.append(' ').append(key).append('=').append(value);
    }
    state.config = state.config.withLabels(labels);
    state.commit(history.toString(), false);
  }

  private void dispatchWorkdir(StageState state, Workdir workdir) {
    String path = expand(workdir.path(), state.env, workdir);
    String wd = normalizeWorkdir(state.config.workingDir(), path);
    state.config = state.config.withWorkingDir(wd);
    boolean withLayer = !wd.equals("/");
    if (withLayer) {
      state.steps.add(new PlannedStep.Workdir(workdir, "WORKDIR " + workdir.path().raw(), wd,
          state.config.user()));
    }
    state.commit("WORKDIR " + wd, withLayer);
  }

  static String normalizeWorkdir(String current, String requested) {
    if (requested.isEmpty()) {
      return current.isEmpty() ? "/" : current;
    }
    String joined = requested.startsWith("/") ? requested : (current.isEmpty() ? "/" : current) + "/" + requested;
    return cleanPath(joined);
  }

  /** Go's {@code path.Clean} for absolute paths ({@code ..} stops at the root); a relative path is made absolute. */
  public static String cleanPath(String path) {
    List<String> parts = new ArrayList<>();
    for (String part : path.split("/")) {
      if (part.isEmpty() || part.equals(".")) {
        continue;
      }
      if (part.equals("..")) {
        if (!parts.isEmpty()) {
          parts.remove(parts.size() - 1);
        }
      } else {
        parts.add(part);
      }
    }
    return "/" + String.join("/", parts);
  }

  private void dispatchExpose(StageState state, Expose expose) {
    TreeSet<String> ports = new TreeSet<>();
    for (Word word : expose.ports()) {
      String spec = expand(word, state.env, expose);
      if (spec.isEmpty()) {
        continue;
      }
      Matcher m = PORT.matcher(spec);
      if (!m.matches()) {
        throw error(expose, "invalid containerPort: " + spec);
      }
      String protocol = m.group(3) == null ? "tcp" : m.group(3).toLowerCase(Locale.ROOT);
      long start = Long.parseLong(m.group(1));
      long end = m.group(2) == null ? start : Long.parseLong(m.group(2));
      if (end < start || end > 65535) {
        throw error(expose, "invalid port range: " + spec);
      }
      for (long port = start; port <= end; port++) {
        ports.add(port + "/" + protocol);
      }
    }
    Set<String> exposed = new TreeSet<>(state.config.exposedPorts());
    exposed.addAll(ports);
    state.config = state.config.withExposedPorts(exposed);
    state.commit("EXPOSE " + GoFormat.portMap(ports), false);
  }

  private void dispatchVolume(StageState state, Volume volume) {
    List<String> paths = new ArrayList<>();
    for (Word word : volume.paths()) {
      String path = expand(word, state.env, volume);
      if (path.isEmpty()) {
        throw error(volume, "VOLUME specified can not be an empty string");
      }
      paths.add(path);
    }
    Set<String> volumes = new TreeSet<>(state.config.volumes());
    volumes.addAll(paths);
    state.config = state.config.withVolumes(volumes);
    state.commit("VOLUME " + GoFormat.list(paths), false);
  }

  private static final Set<String> SIGNALS = Set.of("ABRT", "ALRM", "BUS", "CHLD", "CLD", "CONT", "FPE", "HUP",
      "ILL", "INT", "IO", "IOT", "KILL", "PIPE", "POLL", "PROF", "PWR", "QUIT", "SEGV", "STKFLT", "STOP", "SYS",
      "TERM", "TRAP", "TSTP", "TTIN", "TTOU", "URG", "USR1", "USR2", "VTALRM", "WINCH", "XCPU", "XFSZ");

  private void checkSignal(String signal, Instruction where) {
    String name = signal.toUpperCase(Locale.ROOT);
    name = name.startsWith("SIG") ? name.substring(3) : name;
    boolean valid = SIGNALS.contains(name) || name.matches("\\d+") || name.matches("RTMIN(\\+\\d+)?")
        || name.matches("RTMAX(-\\d+)?");
    if (!valid) {
      throw error(where, "invalid signal: " + signal);
    }
  }

  private List<String> commandArgs(StageState state, CommandForm command) {
    if (command instanceof ExecForm exec) {
      return exec.argv();
    } else if (command instanceof ShellForm shell) {
      return withShell(state, shell.script());
    } else {
      throw new IllegalStateException("unhandled " + command.getClass().getSimpleName());
    }
  }

  private List<String> withShell(StageState state, String script) {
    List<String> args = new ArrayList<>(state.config.shell().isEmpty() ? DEFAULT_SHELL : state.config.shell());
    args.add(script);
    return args;
  }

  private void dispatchHealthcheck(StageState state, Healthcheck healthcheck) {
    List<String> test;
    if (healthcheck.disabled()) {
      test = List.of("NONE");
    } else {
      test = new ArrayList<>();
      CommandForm command = healthcheck.command().get();
      if (command instanceof ExecForm exec) {
        test.add("CMD");
        test.addAll(exec.argv());
      } else if (command instanceof ShellForm shell) {
        test.add("CMD-SHELL");
        test.add(shell.script());
      } else {
        throw new IllegalStateException("unhandled " + command.getClass().getSimpleName());
      }
    }
    var options = healthcheck.options();
    Duration interval;
    Duration timeout;
    Duration startPeriod;
    Duration startInterval;
    int retries;
    try {
      interval = options.intervalDuration().orElse(Duration.ZERO);
      timeout = options.timeoutDuration().orElse(Duration.ZERO);
      startPeriod = options.startPeriodDuration().orElse(Duration.ZERO);
      startInterval = options.startIntervalDuration().orElse(Duration.ZERO);
      retries = options.retryCount().orElse(0);
    } catch (RuntimeException e) {
      throw error(healthcheck, "invalid HEALTHCHECK option: " + e.getMessage());
    }
    state.config = state.config.withHealthcheck(Optional.of(
        new dev.stowage.oci.Healthcheck(test, interval, timeout, startPeriod, startInterval, retries)));
    // BuildKit 0.8 prints its HealthConfig with %q: &{[test...] "interval" "timeout" "start" 'retries'}.
    state.commit("HEALTHCHECK &{" + GoFormat.quoteAll(test) + " " + GoFormat.quote(GoFormat.duration(interval)) + " "
        + GoFormat.quote(GoFormat.duration(timeout)) + " " + GoFormat.quote(GoFormat.duration(startPeriod)) + " "
        + GoFormat.quoteRune(retries) + "}", false);
  }

  private void dispatchRun(StageState state, Run run) {
    List<String> args;
    List<InlineFile> inline = new ArrayList<>();
    CommandForm command = run.command();
    if (command instanceof ExecForm exec) {
      args = exec.argv();
    } else if (command instanceof ShellForm shell) {
      String script = shell.script();
      List<Heredoc> heredocs = run.heredocs();
      if (!heredocs.isEmpty() && SINGLE_HEREDOC.matcher(script.strip()).matches() && heredocs.size() == 1) {
        Heredoc doc = heredocs.get(0);
        String data = doc.body();
        if (data.startsWith("#!")) {
          inline.add(new InlineFile(doc.name(), data));
          args = List.of("/dev/pipes/" + doc.name());
        } else {
          args = withShell(state, data);
        }
      } else if (!heredocs.isEmpty()) {
        StringBuilder b = new StringBuilder(script);
        for (Heredoc doc : heredocs) {
          b.append('\n').append(doc.content()).append(doc.name());
        }
        args = withShell(state, b.toString());
      } else {
        args = withShell(state, script);
      }
    } else {
      throw new IllegalStateException("unhandled " + command.getClass().getSimpleName());
    }
    List<PlannedMount> mounts = new ArrayList<>();
    for (var mount : run.mounts()) {
      mounts.add(RunMounts.plan(mount, state.env, lexer, run, this::error, m -> copySource(m, state.ref.stage, run),
          mounts.size()));
    }
    List<String> env = new ArrayList<>();
    state.env.forEach((k, v) -> env.add(k + "=" + v));
    request.buildArgs().forEach((k, v) -> {
      if (PROXY_ARGS.contains(k.toLowerCase(Locale.ROOT))) {
        env.add(k + "=" + v);
        consumedArgs.add(k);
      }
    });
    String network = run.network().map(n -> n.name().toLowerCase(Locale.ROOT)).orElse("default");
    boolean insecure = run.security().map(s -> s.name().equalsIgnoreCase("insecure")).orElse(false);
    state.steps.add(new PlannedStep.Run(run, "RUN " + commandText(run), args, env,
        state.config.workingDir().isEmpty() ? "/" : state.config.workingDir(), state.config.user(), network,
        insecure, mounts, inline));
    state.commit("RUN " + runCommandString(state, args), true);
  }

  /** BuildKit's {@code RUN |N K=v cmd} history text, with Stowage's names-only default. */
  private String runCommandString(StageState state, List<String> args) {
    List<String> shown = new ArrayList<>();
    Map<String, Integer> index = new HashMap<>();
    for (Map.Entry<String, String> arg : state.buildArgs) {
      String value = state.env.containsKey(arg.getKey()) ? state.env.get(arg.getKey())
          : arg.getValue() == null ? "" : arg.getValue();
      String text = switch (request.historyArgs()) {
        case NAMES -> arg.getKey();
        case VALUES -> arg.getKey() + "=" + maskIfSecret(arg.getKey(), value);
      };
      Integer at = index.get(arg.getKey());
      if (at != null) {
        shown.set(at, text);
      } else {
        index.put(arg.getKey(), shown.size());
        shown.add(text);
      }
    }
    List<String> all = new ArrayList<>();
    if (!shown.isEmpty()) {
      all.add("|" + shown.size());
      all.addAll(shown);
    }
    all.addAll(args);
    return String.join(" ", all);
  }

  /** The instruction's text after the keyword, unexpanded (progress titles never show ARG values). */
  private static String commandText(Instruction instruction) {
    String original = instruction.original().strip();
    int space = original.indexOf(' ');
    return space < 0 ? "" : original.substring(space + 1).strip();
  }

  private void dispatchCopy(StageState state, FileTransfer transfer, CopySource source, boolean add,
      boolean parents) {
    Instruction instruction = (Instruction) transfer;
    List<String> sources = new ArrayList<>();
    for (Word word : transfer.sourcePaths()) {
      sources.add(expand(word, state.env, instruction));
    }
    List<InlineFile> inline = new ArrayList<>();
    for (Heredoc doc : transfer.heredocs()) {
      String content = doc.body();
      if (doc.expand()) {
        content = expandHeredoc(content, state.env, instruction);
      }
      inline.add(new InlineFile(doc.name(), content));
    }
    if (sources.isEmpty() && inline.isEmpty()) {
      throw error(instruction, (add ? "ADD" : "COPY") + " requires at least two arguments");
    }
    String destWritten = expand(transfer.destination(), state.env, instruction);
    String destination = destinationPath(state.config.workingDir(), destWritten);
    Optional<String> chown = transfer.chown().map(w -> expand(w, state.env, instruction));
    Optional<String> chmod = transfer.chmod().map(w -> expand(w, state.env, instruction));
    chmod.ifPresent(mode -> checkChmod(mode, instruction));
    List<String> excludes = transfer.excludes().stream().map(w -> expand(w, state.env, instruction)).toList();
    StringBuilder history = new StringBuilder(add ? "ADD" : "COPY");
    for (String src : sources) {
      history.append(' ').append(src);
    }
    for (Heredoc doc : transfer.heredocs()) {
      history.append(" <<").append(doc.name());
    }
    history.append(' ').append(destWritten);
    String keyword = add ? "ADD " : "COPY ";
    state.steps.add(new PlannedStep.Copy(instruction, keyword + commandText(instruction), source, sources, inline,
        destination, chown, chmod, transfer.link(), parents, excludes, add, state.config.user()));
    state.commit(history.toString(), true);
  }

  /** BuildKit's {@code pathRelativeToWorkingDir}: absolute, cleaned, keeping a trailing slash. */
  static String destinationPath(String workdir, String dest) {
    boolean dir = dest.endsWith("/") || dest.equals(".") || dest.isEmpty() || dest.endsWith("/.");
    String joined = dest.startsWith("/") ? dest : (workdir.isEmpty() ? "/" : workdir) + "/" + dest;
    String clean = cleanPath(joined);
    return dir && !clean.equals("/") ? clean + "/" : clean;
  }

  private void checkChmod(String mode, Instruction where) {
    if (mode.matches("[0-7]+")) {
      if (Long.parseLong(mode, 8) > 07777) {
        throw error(where, "invalid chmod parameter: '" + mode + "'. it should be octal string and between 0 and"
            + " 07777");
      }
    } else if (!mode.matches("([ugoa]*[-+=]([rwxXst]*|[ugo]))(,[ugoa]*[-+=]([rwxXst]*|[ugo]))*")) {
      throw error(where, "invalid chmod parameter: '" + mode + "'. it should be octal string and between 0 and"
          + " 07777");
    }
  }

  private List<String> unusedArgWarnings() {
    List<String> unused = new ArrayList<>();
    for (String name : request.buildArgs().keySet()) {
      if (!consumedArgs.contains(name) && !PROXY_ARGS.contains(name.toLowerCase(Locale.ROOT))
          && !globalArgs.containsKey(name)) {
        unused.add(name);
      }
    }
    return unused.isEmpty() ? List.of()
        : List.of("One or more build-args " + GoFormat.list(unused) + " were not consumed");
  }

  // ---------------------------------------------------------------- expansion and errors

  String expand(Word word, Map<String, String> env, Instruction where) {
    try {
      return lexer.processWord(word.raw(), env).value();
    } catch (ExpansionException e) {
      throw error(where, e.getMessage());
    }
  }

  private String expandHeredoc(String content, Map<String, String> env, Instruction where) {
    try {
      return lexer.withSkipProcessQuotes(true).processWord(content, env).value();
    } catch (ExpansionException e) {
      throw error(where, e.getMessage());
    }
  }

  PlanException error(Instruction where, String message) {
    return new PlanException(request.dockerfileName(), where.line(), message);
  }
}
