package dev.stowage.dockerfile.expand;

import dev.stowage.dockerfile.ast.Arg;
import dev.stowage.dockerfile.ast.ArgDecl;
import dev.stowage.dockerfile.ast.Dockerfile;
import dev.stowage.dockerfile.ast.Env;
import dev.stowage.dockerfile.ast.From;
import dev.stowage.dockerfile.ast.Instruction;
import dev.stowage.dockerfile.ast.KeyValue;
import dev.stowage.dockerfile.ast.Stage;
import java.util.ArrayList;
import java.util.IdentityHashMap;
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

/**
 * ARG and ENV scoping with BuildKit's rules, as a pure computation over the AST:
 *
 * <ul>
 *   <li>ARGs before the first FROM form the global scope, seen only by FROM lines (image and --platform), together
 *       with the predefined platform args (TARGETPLATFORM, TARGETOS, TARGETARCH, TARGETVARIANT, BUILDPLATFORM,
 *       BUILDOS, BUILDARCH, BUILDVARIANT).
 *   <li>Inside a stage, {@code ARG NAME} without a default takes the --build-arg value, else the global value of
 *       that name, else stays declared but unset; {@code ARG NAME=default} takes the --build-arg value, else the
 *       default expanded with the variables in effect. A scope ends with its stage.
 *   <li>ENV values are expanded with the variables in effect before the instruction (so {@code ENV a=1 b=$a} sees
 *       the old {@code a}); ENV replaces an earlier ARG or ENV of the same name. A later ARG with a value replaces
 *       it again for the rest of the stage, as in BuildKit, though the image config keeps the ENV value.
 *   <li>A stage built FROM an earlier stage starts with that stage's ENV (not its ARGs); one built FROM an image
 *       starts with the image's ENV, which the caller supplies.
 *   <li>The proxy args (HTTP_PROXY and friends) need no declaration: they reach RUN steps only, never expansion.
 * </ul>
 *
 * Values that fail to expand (e.g. {@code ${X:?must be set}}) are reported in {@link #problems()}, not thrown, so
 * that lint can continue; the build must stop when the list is not empty.
 */
public final class VariableScopes {
  /** Build args that configure the builder or the network and never need an ARG declaration. */
  public static final Set<String> PREDEFINED_ARGS = Set.of("HTTP_PROXY", "http_proxy", "HTTPS_PROXY",
      "https_proxy", "FTP_PROXY", "ftp_proxy", "NO_PROXY", "no_proxy", "ALL_PROXY", "all_proxy");

  /** ARGs that BuildKit keeps out of the environment (they configure SBOM scanning). */
  public static final Set<String> NON_ENV_ARGS = Set.of("BUILDKIT_SBOM_SCAN_CONTEXT", "BUILDKIT_SBOM_SCAN_STAGE");

  /** The platform args BuildKit defines in the global scope. */
  public static final List<String> PLATFORM_ARGS = List.of("TARGETPLATFORM", "TARGETOS", "TARGETARCH",
      "TARGETVARIANT", "BUILDPLATFORM", "BUILDOS", "BUILDARCH", "BUILDVARIANT");

  /** A value that could not be expanded, with where it was. */
  public record Problem(Instruction instruction, ExpansionException error) {}

  private final VariableScope global;
  private final IdentityHashMap<Instruction, VariableScope> before;
  private final Map<Integer, Map<String, String>> stageImageEnv;
  private final Set<String> declared;
  private final Map<String, String> buildArgs;
  private final List<Problem> problems;

  private VariableScopes(VariableScope global, IdentityHashMap<Instruction, VariableScope> before,
      Map<Integer, Map<String, String>> stageImageEnv, Set<String> declared, Map<String, String> buildArgs,
      List<Problem> problems) {
    this.global = global;
    this.before = before;
    this.stageImageEnv = stageImageEnv;
    this.declared = declared;
    this.buildArgs = buildArgs;
    this.problems = List.copyOf(problems);
  }

  /** Scopes for a build of {@code target} on a host of the same platform, base images without ENV. */
  public static VariableScopes resolve(Dockerfile dockerfile, Map<String, String> buildArgs, Platform target) {
    return resolve(dockerfile, buildArgs, target, target, from -> Map.of());
  }

  /**
   * Computes the variables in effect at every instruction.
   *
   * @param buildArgs the {@code --build-arg} values
   * @param target the platform the image is built for
   * @param build the platform of the build host
   * @param baseImageEnv the ENV of the image a FROM line names (consulted only for FROM lines that do not name an
   *     earlier stage); {@code from -> Map.of()} when unknown
   */
  public static VariableScopes resolve(Dockerfile dockerfile, Map<String, String> buildArgs, Platform target,
      Platform build, Function<From, Map<String, String>> baseImageEnv) {
    Objects.requireNonNull(dockerfile, "dockerfile");
    Objects.requireNonNull(buildArgs, "buildArgs");
    return new Resolver(dockerfile, Map.copyOf(buildArgs), target, build, baseImageEnv).run();
  }

  /** The global scope: what FROM lines see. */
  public VariableScope global() {
    return global;
  }

  /**
   * The variables in effect when this instruction's words are expanded: for FROM, the global scope; inside a
   * stage, the stage's variables before the instruction.
   *
   * @throws IllegalArgumentException if the instruction is not one of this Dockerfile's (ONBUILD triggers are
   *     not: they run in a child build)
   */
  public VariableScope before(Instruction instruction) {
    VariableScope scope = before.get(instruction);
    if (scope == null) {
      throw new IllegalArgumentException("not an instruction of this Dockerfile: " + instruction.original());
    }
    return scope;
  }

  /** The ENV a stage leaves in its image config (what a stage built FROM it starts with). */
  public Map<String, String> imageEnv(Stage stage) {
    return stageImageEnv.getOrDefault(stage.index(), Map.of());
  }

  /** The build args no ARG declares, in any stage or the global scope (predefined args excepted). */
  public Set<String> unconsumedBuildArgs() {
    Set<String> out = new TreeSet<>();
    for (String name : buildArgs.keySet()) {
      if (!declared.contains(name) && !PREDEFINED_ARGS.contains(name) && !name.startsWith("BUILDKIT_")
          && !name.equals("SOURCE_DATE_EPOCH")) {
        out.add(name);
      }
    }
    return out;
  }

  public List<Problem> problems() {
    return problems;
  }

  /** One resolution pass. */
  private static final class Resolver {
    private final Dockerfile dockerfile;
    private final Map<String, String> buildArgs;
    private final Platform target;
    private final Platform build;
    private final Function<From, Map<String, String>> baseImageEnv;
    private final ShellLexer lexer;
    private final IdentityHashMap<Instruction, VariableScope> before = new IdentityHashMap<>();
    private final Map<Integer, Map<String, String>> stageImageEnv = new LinkedHashMap<>();
    private final Set<String> declared = new LinkedHashSet<>();
    private final List<Problem> problems = new ArrayList<>();

    Resolver(Dockerfile dockerfile, Map<String, String> buildArgs, Platform target, Platform build,
        Function<From, Map<String, String>> baseImageEnv) {
      this.dockerfile = dockerfile;
      this.buildArgs = buildArgs;
      this.target = Objects.requireNonNull(target, "target");
      this.build = Objects.requireNonNull(build, "build");
      this.baseImageEnv = Objects.requireNonNull(baseImageEnv, "baseImageEnv");
      this.lexer = ShellLexer.of(dockerfile.directives().escape());
    }

    VariableScopes run() {
      Map<String, String> meta = new LinkedHashMap<>();
      meta.put("TARGETPLATFORM", target.toString());
      meta.put("TARGETOS", target.os());
      meta.put("TARGETARCH", target.architecture());
      meta.put("TARGETVARIANT", target.variant());
      meta.put("BUILDPLATFORM", build.toString());
      meta.put("BUILDOS", build.os());
      meta.put("BUILDARCH", build.architecture());
      meta.put("BUILDVARIANT", build.variant());
      Set<String> globalDeclared = new LinkedHashSet<>();
      Map<String, String> globalArgs = new LinkedHashMap<>();
      for (Arg arg : dockerfile.globalArgs()) {
        before.put(arg, new VariableScope(meta, globalArgs, globalDeclared));
        for (ArgDecl decl : arg.args()) {
          declared.add(decl.name());
          globalDeclared.add(decl.name());
          String value = buildArgs.get(decl.name());
          if (value == null && decl.defaultValue().isPresent()) {
            value = expand(arg, decl.defaultValue().get().raw(), meta).orElse(null);
          }
          if (value != null) {
            meta.put(decl.name(), value);
            globalArgs.put(decl.name(), value);
          }
        }
      }
      VariableScope global = new VariableScope(meta, globalArgs, globalDeclared);
      Map<String, Integer> stageByName = new LinkedHashMap<>();
      for (Stage stage : dockerfile.stages()) {
        before.put(stage.from(), global);
        Map<String, String> imageEnv = new LinkedHashMap<>(baseEnv(stage, global, stageByName));
        Map<String, String> env = new LinkedHashMap<>(imageEnv);
        Map<String, String> args = new LinkedHashMap<>();
        Set<String> stageDeclared = new LinkedHashSet<>();
        for (Instruction instruction : stage.body()) {
          before.put(instruction, new VariableScope(env, args, stageDeclared));
          if (instruction instanceof Arg arg) {
            for (ArgDecl decl : arg.args()) {
              declared.add(decl.name());
              stageDeclared.add(decl.name());
              String value = buildArgs.get(decl.name());
              if (value == null) {
                if (decl.defaultValue().isPresent()) {
                  value = expand(arg, decl.defaultValue().get().raw(), env).orElse(null);
                } else {
                  value = meta.containsKey(decl.name()) ? meta.get(decl.name()) : null;
                }
              }
              if (value != null) {
                if (!NON_ENV_ARGS.contains(decl.name())) {
                  env.put(decl.name(), value);
                }
                args.remove(decl.name());
                args.put(decl.name(), value);
              }
            }
          } else if (instruction instanceof Env envInstruction) {
            Map<String, String> snapshot = new LinkedHashMap<>(env);
            for (KeyValue kv : envInstruction.pairs()) {
              Optional<String> key = expand(instruction, kv.key().raw(), snapshot);
              Optional<String> value = expand(instruction, kv.value().raw(), snapshot);
              if (key.isPresent() && value.isPresent()) {
                env.put(key.get(), value.get());
                imageEnv.put(key.get(), value.get());
              }
            }
          }
        }
        stageImageEnv.put(stage.index(), Map.copyOf(imageEnv));
        stage.name().ifPresent(n -> stageByName.put(n, stage.index()));
      }
      return new VariableScopes(global, before, stageImageEnv, declared, buildArgs, problems);
    }

    private Map<String, String> baseEnv(Stage stage, VariableScope global, Map<String, Integer> stageByName) {
      Optional<String> image = expand(stage.from(), stage.from().image().raw(), global.env());
      if (image.isPresent()) {
        Integer parent = stageByName.get(image.get().toLowerCase(Locale.ROOT));
        if (parent != null) {
          return stageImageEnv.get(parent);
        }
      }
      return baseImageEnv.apply(stage.from());
    }

    private Optional<String> expand(Instruction where, String word, Map<String, String> env) {
      try {
        return Optional.of(lexer.processWord(word, env).value());
      } catch (ExpansionException e) {
        problems.add(new Problem(where, e));
        return Optional.empty();
      }
    }
  }
}
