package dev.stowage.dockerfile.lint;

import dev.stowage.detect.CredentialMatch;
import dev.stowage.detect.CredentialPatterns;
import dev.stowage.detect.SecretNames;
import dev.stowage.detect.ValueShapes;
import dev.stowage.dockerfile.ast.Arg;
import dev.stowage.dockerfile.ast.ArgDecl;
import dev.stowage.dockerfile.ast.Dockerfile;
import dev.stowage.dockerfile.ast.Env;
import dev.stowage.dockerfile.ast.Instruction;
import dev.stowage.dockerfile.ast.KeyValue;
import dev.stowage.dockerfile.ast.Shell;
import dev.stowage.dockerfile.ast.Stage;
import dev.stowage.dockerfile.ast.User;
import dev.stowage.dockerfile.ast.Workdir;
import dev.stowage.dockerfile.expand.ExpansionException;
import dev.stowage.dockerfile.expand.ShellLexer;
import dev.stowage.dockerfile.ignore.SlashPaths;
import dev.stowage.dockerfile.lint.shell.SecretSource;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Walks the stages in order with BuildKit's scoping (global ARGs are visible in a stage only when re-declared, ENV
 * and WORKDIR are inherited from a parent stage) and decides which variables carry a secret.
 */
final class ScopeWalker {
  private static final Pattern REFERENCE = Pattern.compile("\\$\\{?([A-Za-z_][A-Za-z0-9_]*)");
  private static final Set<String> PREDEFINED = Set.of("TARGETPLATFORM", "TARGETOS", "TARGETARCH", "TARGETVARIANT",
      "BUILDPLATFORM", "BUILDOS", "BUILDARCH", "BUILDVARIANT", "HTTP_PROXY", "HTTPS_PROXY", "FTP_PROXY", "NO_PROXY",
      "ALL_PROXY", "http_proxy", "https_proxy", "ftp_proxy", "no_proxy", "all_proxy", "BUILDKIT_INLINE_CACHE",
      "BUILDKIT_MULTI_PLATFORM", "BUILDKIT_SANDBOX_HOSTNAME", "BUILDKIT_CONTEXT_KEEP_GIT_DIR", "SOURCE_DATE_EPOCH",
      "BUILDKIT_SBOM_SCAN_CONTEXT", "BUILDKIT_SBOM_SCAN_STAGE");

  private static final Pattern FINGERPRINT_NAME = Pattern.compile("(?i)(?:^|_)(?:gpg|pgp|gnupg|signing)(?:_|$)");
  private static final Pattern FINGERPRINTS =
      Pattern.compile("(?:0x)?[0-9A-Fa-f]{8,40}(?:[\\s,]+(?:0x)?[0-9A-Fa-f]{8,40})*");

  private final Dockerfile dockerfile;
  private final Map<String, String> buildArgs;
  private final ShellLexer lexer;
  private final Map<Instruction, Scope> scopes = new IdentityHashMap<>();
  private final List<VariableVerdict> verdicts = new ArrayList<>();
  private final List<String> sensitiveValues = new ArrayList<>();
  private final Map<String, String> globalArgs = new LinkedHashMap<>();
  private final Map<String, Boolean> globalSecret = new HashMap<>();

  private ScopeWalker(Dockerfile dockerfile, Map<String, String> buildArgs) {
    this.dockerfile = dockerfile;
    this.buildArgs = buildArgs;
    this.lexer = ShellLexer.of(dockerfile.directives().escape());
  }

  /** The result of one walk. */
  record Facts(Map<Instruction, Scope> scopes, List<VariableVerdict> verdicts, List<String> sensitiveValues,
      Map<String, String> globalArgs, ShellLexer lexer) {
    Scope scope(Instruction instruction) {
      return scopes.get(instruction);
    }

    /** Never the sensitive values or variable values. */
    @Override
    public String toString() {
      return "Facts[" + scopes.size() + " scopes, " + verdicts.size() + " verdicts]";
    }

    /** Expands a word with the variables of {@code scope}; the raw word when it cannot be expanded. */
    String expand(String raw, Scope scope) {
      try {
        return lexer.processWord(raw, scope.variables()).value();
      } catch (ExpansionException | IllegalArgumentException e) {
        return raw;
      }
    }
  }

  static Facts walk(Dockerfile dockerfile, Map<String, String> buildArgs) {
    ScopeWalker walker = new ScopeWalker(dockerfile, buildArgs);
    walker.run();
    return new Facts(walker.scopes, walker.verdicts, walker.sensitiveValues, walker.globalArgs, walker.lexer);
  }

  /** The mutable state of one stage. */
  private static final class State {
    String workdir = "/";
    String home = "/root";
    boolean traces;
    final Map<String, String> vars = new LinkedHashMap<>();
    final Map<String, String> env = new LinkedHashMap<>();
    final Map<String, SecretSource> secrets = new LinkedHashMap<>();
    final Map<String, SecretSource> envSecrets = new LinkedHashMap<>();

    Scope snapshot(int stage) {
      return new Scope(stage, workdir, home, vars, secrets, traces);
    }
  }

  private void run() {
    State global = new State();
    for (Arg arg : dockerfile.globalArgs()) {
      scopes.put(arg, global.snapshot(-1));
      for (ArgDecl decl : arg.args()) {
        Optional<String> value = argValue(decl, global);
        boolean secret = judgeArg(arg, decl, value);
        value.ifPresent(v -> global.vars.put(decl.name(), v));
        globalArgs.put(decl.name(), value.orElse(""));
        globalSecret.put(decl.name(), secret);
      }
    }
    Map<String, State> finished = new HashMap<>();
    for (Stage stage : dockerfile.stages()) {
      State state = new State();
      String base = stage.from().image().raw().toLowerCase(java.util.Locale.ROOT);
      State parent = finished.get(base);
      if (parent != null) {
        state.workdir = parent.workdir;
        state.home = parent.home;
        state.traces = parent.traces;
        state.env.putAll(parent.env);
        state.vars.putAll(parent.env);
        state.secrets.putAll(parent.envSecrets);
        state.envSecrets.putAll(parent.envSecrets);
      }
      scopes.put(stage.from(), state.snapshot(stage.index()));
      for (Instruction instruction : stage.body()) {
        scopes.put(instruction, state.snapshot(stage.index()));
        apply(instruction, state);
      }
      stage.name().ifPresent(n -> finished.put(n, state));
      finished.put(Integer.toString(stage.index()), state);
    }
  }

  private void apply(Instruction instruction, State state) {
    switch (instruction) {
      case Arg arg -> {
        for (ArgDecl decl : arg.args()) {
          Optional<String> value = argValue(decl, state);
          boolean secret = judgeArg(arg, decl, value);
          if (!secret && decl.defaultValue().isEmpty() && globalSecret.getOrDefault(decl.name(), false)) {
            secret = true; // re-declared global secret ARG: reported where its value is set
          }
          if (!state.env.containsKey(decl.name())) {
            state.vars.put(decl.name(), value.orElse(""));
          }
          if (secret) {
            state.secrets.put(decl.name(), new SecretSource("build argument " + decl.name(), false));
          } else if (!state.envSecrets.containsKey(decl.name())) {
            state.secrets.remove(decl.name());
          }
        }
      }
      case Env env -> {
        Map<String, String> scopeVars = new LinkedHashMap<>(state.vars);
        for (KeyValue pair : env.pairs()) {
          String key = expand(pair.key().raw(), scopeVars);
          String raw = pair.value().raw();
          String value = expand(raw, scopeVars);
          boolean secret = judgeEnv(env, pair, key, raw, value, state);
          state.env.put(key, value);
          state.vars.put(key, value);
          if (secret) {
            SecretSource source = new SecretSource("environment variable " + key, false);
            state.secrets.put(key, source);
            state.envSecrets.put(key, source);
          } else {
            state.secrets.remove(key);
            state.envSecrets.remove(key);
          }
        }
      }
      case Workdir w -> {
        String dir = expand(w.path().raw(), state.vars);
        state.workdir = SlashPaths.resolve(state.workdir, dir);
      }
      case User u -> {
        String user = expand(u.original().replaceFirst("(?i)^user\\s+", ""), state.vars).split(":")[0].strip();
        state.home = user.isEmpty() || user.equals("root") || user.equals("0") ? "/root" : "/home/" + user;
      }
      case Shell s -> state.traces = s.argv().stream().skip(1)
          .anyMatch(a -> a.startsWith("-") && !a.startsWith("--") && a.indexOf('x') > 0);
      default -> { }
    }
  }

  private Optional<String> argValue(ArgDecl decl, State state) {
    if (buildArgs.containsKey(decl.name())) {
      return Optional.of(buildArgs.get(decl.name()));
    }
    if (decl.defaultValue().isPresent()) {
      return Optional.of(expand(decl.defaultValue().get().raw(), state.vars));
    }
    if (globalArgs.containsKey(decl.name()) && !globalArgs.get(decl.name()).isEmpty()) {
      return Optional.of(globalArgs.get(decl.name()));
    }
    return Optional.empty();
  }

  /** Records a verdict and returns true when the ARG carries a secret. */
  private boolean judgeArg(Arg arg, ArgDecl decl, Optional<String> value) {
    String name = decl.name();
    boolean fromBuildArg = buildArgs.containsKey(name);
    if (value.isPresent()) {
      String v = value.get();
      List<CredentialMatch> found = CredentialPatterns.find(name + "=" + v);
      if (!found.isEmpty()) {
        CredentialMatch m = found.getFirst();
        sensitiveValues.add(v);
        String reason = fromBuildArg
            ? "its --build-arg value is a credential (" + m.title() + "); build arguments are recorded in the image"
                + " history"
            : "its default value is a hard-coded credential (" + m.title() + ")";
        verdicts.add(new VariableVerdict(arg, name, decl.range(), reason, "ARG " + redactedAssignment(name, m),
            fromBuildArg, !fromBuildArg && decl.hasDefault(), m.title()));
        return true;
      }
    }
    if (SecretNames.kind(name) != SecretNames.NameKind.SECRET) {
      return false;
    }
    if (value.isPresent() && (ValueShapes.isInnocuous(value.get()) || isKeyFingerprint(name, value.get()))) {
      return false;
    }
    value.ifPresent(sensitiveValues::add);
    String reason = value.isPresent() && !fromBuildArg
        ? "a secret-named ARG with a hard-coded default; its value is recorded in the image history"
        : "a secret-named build argument; BuildKit records its value in the image history of every RUN that uses it";
    String match = "ARG " + name + (value.isPresent() && !fromBuildArg ? "=****" : "");
    verdicts.add(new VariableVerdict(arg, name, decl.range(), reason + " (SecretsUsedInArgOrEnv)", match,
        fromBuildArg, false, ""));
    return true;
  }

  /** Records a verdict and returns true when the ENV pair carries a secret. */
  private boolean judgeEnv(Env env, KeyValue pair, String key, String raw, String value, State state) {
    List<CredentialMatch> found = CredentialPatterns.find(key + "=" + value);
    if (!found.isEmpty()) {
      CredentialMatch m = found.getFirst();
      sensitiveValues.add(value);
      verdicts.add(new VariableVerdict(env, key, pair.key().range(), "its value is a hard-coded credential ("
          + m.title() + "), stored in the image configuration", "ENV " + redactedAssignment(key, m), false,
          CredentialPatterns.find(key + "=" + raw).stream().anyMatch(x -> x.patternId().equals(m.patternId())),
          m.title()));
      return true;
    }
    Optional<String> secretRef = referencedSecret(raw, state);
    if (secretRef.isPresent()) {
      sensitiveValues.add(value);
      verdicts.add(new VariableVerdict(env, key, pair.key().range(), "its value comes from the secret "
          + state.secrets.get(secretRef.get()).label() + " and is stored in the image configuration",
          "ENV " + key + "=" + "${" + secretRef.get() + "}", state.secrets.get(secretRef.get()).label()
              .startsWith("build argument") && buildArgs.containsKey(secretRef.get()), false, ""));
      return true;
    }
    if (SecretNames.kind(key) == SecretNames.NameKind.SECRET && !ValueShapes.isInnocuous(raw)
        && !ValueShapes.isInnocuous(value) && !ValueShapes.isReferenceOnly(raw) && !isKeyFingerprint(key, value)) {
      sensitiveValues.add(value);
      verdicts.add(new VariableVerdict(env, key, pair.key().range(), "a secret-named ENV with a hard-coded value,"
          + " stored in the image configuration (SecretsUsedInArgOrEnv)", "ENV " + key + "=****", false, false, ""));
      return true;
    }
    return false;
  }

  private Optional<String> referencedSecret(String raw, State state) {
    Matcher m = REFERENCE.matcher(raw);
    while (m.find()) {
      if (state.secrets.containsKey(m.group(1)) && (m.start() == 0 || raw.charAt(m.start() - 1) != '\\')) {
        return Optional.of(m.group(1));
      }
    }
    return Optional.empty();
  }

  private String expand(String raw, Map<String, String> vars) {
    try {
      return lexer.processWord(raw, vars).value();
    } catch (ExpansionException | IllegalArgumentException e) {
      return raw;
    }
  }

  private static String redactedAssignment(String name, CredentialMatch m) {
    String redacted = m.redacted();
    return redacted.startsWith(name) ? redacted : name + "=" + redacted;
  }

  /**
   * {@code GPG_KEY=A035C8C1...} (as official images declare it) names the public key that signs a download, by its
   * fingerprint: not a secret.
   */
  static boolean isKeyFingerprint(String name, String value) {
    return FINGERPRINT_NAME.matcher(name).find() && FINGERPRINTS.matcher(value.strip()).matches();
  }

  static boolean isPredefined(String name) {
    return PREDEFINED.contains(name);
  }
}
