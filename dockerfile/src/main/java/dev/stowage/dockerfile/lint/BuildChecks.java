package dev.stowage.dockerfile.lint;

import dev.stowage.dockerfile.ast.Add;
import dev.stowage.dockerfile.ast.Arg;
import dev.stowage.dockerfile.ast.ArgDecl;
import dev.stowage.dockerfile.ast.Cmd;
import dev.stowage.dockerfile.ast.Copy;
import dev.stowage.dockerfile.ast.Diagnostic;
import dev.stowage.dockerfile.ast.Entrypoint;
import dev.stowage.dockerfile.ast.Env;
import dev.stowage.dockerfile.ast.Expose;
import dev.stowage.dockerfile.ast.FileTransfer;
import dev.stowage.dockerfile.ast.From;
import dev.stowage.dockerfile.ast.Healthcheck;
import dev.stowage.dockerfile.ast.Instruction;
import dev.stowage.dockerfile.ast.InstructionRef;
import dev.stowage.dockerfile.ast.Label;
import dev.stowage.dockerfile.ast.Maintainer;
import dev.stowage.dockerfile.ast.Shell;
import dev.stowage.dockerfile.ast.ShellForm;
import dev.stowage.dockerfile.ast.Stage;
import dev.stowage.dockerfile.ast.StopSignal;
import dev.stowage.dockerfile.ast.User;
import dev.stowage.dockerfile.ast.Volume;
import dev.stowage.dockerfile.ast.Word;
import dev.stowage.dockerfile.ast.Workdir;
import dev.stowage.dockerfile.expand.Expansion;
import dev.stowage.dockerfile.expand.ExpansionException;
import dev.stowage.dockerfile.expand.ShellLexer;
import dev.stowage.dockerfile.parse.Suggestions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * BuildKit's build checks ({@code docker build --check}), with its names and messages. Where BuildKit looks at the
 * base image (its environment), a static linter cannot: UndefinedVar leaves alone the variables base images commonly
 * define, and variables used with a default ({@code ${X:-d}}).
 */
final class BuildChecks {
  private static final Set<String> RESERVED_STAGE_NAMES = Set.of("context", "scratch");
  private static final Set<String> PLATFORM_ARGS = Set.of("TARGETPLATFORM", "TARGETOS", "TARGETARCH", "TARGETVARIANT",
      "BUILDPLATFORM", "BUILDOS", "BUILDARCH", "BUILDVARIANT");
  /** Variables base images commonly set; BuildKit knows the base image's env, a static linter does not. */
  private static final Set<String> BASE_IMAGE_ENV = Set.of("PATH", "HOME", "HOSTNAME", "LANG", "LANGUAGE", "LC_ALL",
      "TERM", "USER", "SHELL", "PWD", "TZ", "LD_LIBRARY_PATH", "DEBIAN_FRONTEND", "JAVA_HOME", "JAVA_VERSION",
      "JDK_VERSION", "MAVEN_HOME", "MAVEN_CONFIG", "GRADLE_HOME", "NODE_VERSION", "YARN_VERSION", "NPM_CONFIG_PREFIX",
      "PYTHON_VERSION", "PYTHONPATH", "PYTHON_PIP_VERSION", "PIP_VERSION", "GOPATH", "GOROOT", "GOLANG_VERSION",
      "GOTOOLCHAIN", "RUBY_VERSION", "RUBY_MAJOR", "GEM_HOME", "BUNDLE_PATH", "BUNDLE_SILENCE_ROOT_WARNING",
      "BUNDLE_APP_CONFIG", "PHP_VERSION", "PHP_INI_DIR", "CARGO_HOME", "RUSTUP_HOME", "RUST_VERSION",
      "DOTNET_VERSION", "ASPNET_VERSION", "NGINX_VERSION", "HTTPD_PREFIX", "CATALINA_HOME", "TOMCAT_VERSION",
      "APP_HOME", "GPG_KEY", "PYTHON_SHA256", "PERL_VERSION", "ERLANG_VERSION", "ELIXIR_VERSION", "NVM_DIR",
      "CONDA_DIR", "VIRTUAL_ENV", "PIP_NO_CACHE_DIR", "UID", "GID");
  private static final Pattern WITH_DEFAULT = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*):?[-=?+]");
  private static final Pattern REFERENCE = Pattern.compile("^(?:[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*"
      + "(?::[0-9]+)?/)?[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*(?:/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*"
      + "(?::[\\w][\\w.-]{0,127})?(?:@[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,})?$");

  private final LintContext ctx;
  private final ShellLexer lexer;

  private BuildChecks(LintContext ctx) {
    this.ctx = ctx;
    this.lexer = ctx.facts.lexer();
  }

  static void run(LintContext ctx) {
    new BuildChecks(ctx).all();
  }

  private void all() {
    parserWarnings();
    casing();
    stages();
    fromArgs();
    for (Stage stage : ctx.request.dockerfile().stages()) {
      stageBody(stage);
    }
    undefinedVariables();
  }

  private void parserWarnings() {
    for (Diagnostic d : ctx.request.dockerfile().warnings()) {
      if (d.code().equals(Rules.NO_EMPTY_CONTINUATION.id())) {
        ctx.report(Rules.NO_EMPTY_CONTINUATION, instructionAt(d.range().startLine()), d.range(),
            "Empty continuation line", "remove the empty line or end the previous line without the escape character",
            "empty line");
      }
    }
  }

  private Instruction instructionAt(int line) {
    Instruction found = null;
    for (InstructionRef ref : ctx.request.dockerfile().instructions()) {
      if (ref.instruction().range().startLine() <= line) {
        found = ref.instruction();
      }
    }
    return found;
  }

  private void casing() {
    // BuildKit compares the FROM and body instructions of the stages; global ARGs take no part
    List<Instruction> all = new ArrayList<>();
    ctx.request.dockerfile().stages().forEach(stage -> all.addAll(stage.instructions()));
    int lower = 0;
    int upper = 0;
    for (Instruction i : all) {
      String k = i.origin().keyword();
      if (k.equals(k.toLowerCase(Locale.ROOT))) {
        lower++;
      } else if (k.equals(k.toUpperCase(Locale.ROOT))) {
        upper++;
      }
    }
    boolean majorityLower = lower > upper;
    for (Instruction i : all) {
      String k = i.origin().keyword();
      String correct = majorityLower && !k.equals(k.toLowerCase(Locale.ROOT)) ? "lowercase"
          : !majorityLower && !k.equals(k.toUpperCase(Locale.ROOT)) ? "uppercase" : null;
      if (correct != null) {
        ctx.report(Rules.CONSISTENT_INSTRUCTION_CASING, i, keywordRange(i),
            "Command '" + k + "' should match the case of the command majority (" + correct + ")",
            "write instructions all upper case or all lower case", k);
      }
    }
  }

  private void stages() {
    Set<String> seen = new HashSet<>();
    for (Stage stage : ctx.request.dockerfile().stages()) {
      From from = stage.from();
      String fromKeyword = from.origin().keyword();
      from.asKeyword().ifPresent(as -> {
        String a = as.raw();
        boolean fromUpper = fromKeyword.equals(fromKeyword.toUpperCase(Locale.ROOT));
        boolean fromLower = fromKeyword.equals(fromKeyword.toLowerCase(Locale.ROOT));
        if ((fromUpper && !a.equals(a.toUpperCase(Locale.ROOT))) || (fromLower && !a.equals(a.toLowerCase(Locale.ROOT)))) {
          ctx.report(Rules.FROM_AS_CASING, from, as.range(), "'" + a + "' and '" + fromKeyword
              + "' keywords' casing do not match", "write '" + (fromUpper ? "AS" : "as") + "'", fromKeyword + " ... " + a);
        }
      });
      from.stageName().ifPresent(w -> {
        String name = w.raw();
        if (!name.equals(name.toLowerCase(Locale.ROOT))) {
          ctx.report(Rules.STAGE_NAME_CASING, from, w.range(), "Stage name '" + name + "' should be lowercase",
              "rename the stage to '" + name.toLowerCase(Locale.ROOT) + "'", "AS " + name);
        }
        String lower = name.toLowerCase(Locale.ROOT);
        if (RESERVED_STAGE_NAMES.contains(lower)) {
          ctx.report(Rules.RESERVED_STAGE_NAME, from, w.range(), "Stage name should not use the same name as reserved"
              + " stage \"" + lower + "\"", "choose another stage name", "AS " + name);
        }
        if (!seen.add(lower)) {
          ctx.report(Rules.DUPLICATE_STAGE_NAME, from, w.range(), "Duplicate stage name \"" + lower + "\", stage names"
              + " should be unique", "rename one of the stages", "AS " + name);
        }
      });
      from.platform().ifPresent(p -> platform(stage, from, p));
    }
  }

  private void platform(Stage stage, From from, Word platform) {
    String raw = platform.raw();
    if (raw.equals("$TARGETPLATFORM") || raw.equals("${TARGETPLATFORM}")) {
      ctx.report(Rules.REDUNDANT_TARGET_PLATFORM, from, platform.range(), "Setting platform to predefined " + raw
          + " in FROM is redundant as this is the default behavior", "remove --platform", "--platform=" + raw);
      return;
    }
    if (!raw.contains("$")) {
      String[] parts = raw.split("/");
      String os = parts[0];
      String arch = parts.length > 1 ? parts[1] : "";
      String name = stage.name().orElse("");
      if (!raw.isBlank() && !(name.contains(os) || (!arch.isEmpty() && name.contains(arch)))) {
        ctx.report(Rules.FROM_PLATFORM_FLAG_CONST_DISALLOWED, from, platform.range(), "FROM --platform flag should not"
            + " use constant value \"" + raw + "\"", "use --platform=$BUILDPLATFORM, or name the stage after the"
            + " platform", "--platform=" + raw);
      }
    }
  }

  /** UndefinedArgInFrom and InvalidDefaultArgInFrom. */
  private void fromArgs() {
    Map<String, String> declared = new LinkedHashMap<>();
    Map<String, String> defaults = new LinkedHashMap<>();
    for (Arg arg : ctx.request.dockerfile().globalArgs()) {
      for (ArgDecl d : arg.args()) {
        declared.put(d.name(), ctx.facts.globalArgs().getOrDefault(d.name(), ""));
        defaults.put(d.name(), d.defaultValue().map(w -> expandOr(w.raw(), defaults, w.raw())).orElse(""));
      }
    }
    Map<String, String> withPlatform = new LinkedHashMap<>(declared);
    PLATFORM_ARGS.forEach(p -> withPlatform.putIfAbsent(p, "linux/amd64"));
    for (Stage stage : ctx.request.dockerfile().stages()) {
      From from = stage.from();
      List<Word> words = new ArrayList<>();
      words.add(from.image());
      from.platform().ifPresent(words::add);
      for (Word w : words) {
        if (!w.mayExpand()) {
          continue;
        }
        for (String name : undefined(w.raw(), withPlatform)) {
          String suggestion = Suggestions.closest(name, declared.keySet(), true).map(s -> " (did you mean " + s + "?)")
              .orElse("");
          ctx.report(Rules.UNDEFINED_ARG_IN_FROM, from, w.range(), "FROM argument '" + name + "' is not declared"
              + suggestion, "declare it with ARG " + name + " before the first FROM", "FROM " + w.raw());
        }
      }
      if (from.image().mayExpand()) {
        Map<String, String> onlyDefaults = new LinkedHashMap<>(defaults);
        PLATFORM_ARGS.forEach(p -> onlyDefaults.putIfAbsent(p, "linux/amd64"));
        String image = expandOr(from.image().raw(), onlyDefaults, null);
        if (image != null && !isValidReference(image)) {
          ctx.report(Rules.INVALID_DEFAULT_ARG_IN_FROM, from, from.image().range(), "Default value for ARG "
              + from.image().raw() + " results in empty or invalid base image name",
              "give the ARG a default that names an image", "FROM " + from.image().raw());
        }
      }
    }
  }

  private static boolean isValidReference(String image) {
    String lower = image.toLowerCase(Locale.ROOT);
    return !image.isEmpty() && (lower.equals("scratch") || REFERENCE.matcher(image).matches()
        || REFERENCE.matcher(image.replaceFirst("^[^/]+\\.[^/]+/", "")).matches() && !image.contains(" "));
  }

  private void stageBody(Stage stage) {
    Map<String, Instruction> once = new HashMap<>();
    boolean absoluteWorkdir = false;
    boolean shellSet = parentHasShell(stage);
    for (Instruction i : stage.body()) {
      switch (i) {
        case Maintainer m -> ctx.report(Rules.MAINTAINER_DEPRECATED, m, keywordRange(m), "Maintainer instruction is"
            + " deprecated in favor of using label", "use LABEL org.opencontainers.image.authors=\"...\"", "MAINTAINER");
        case Env e when e.legacyForm() -> legacy(e, "ENV");
        case Label l when l.legacyForm() -> legacy(l, "LABEL");
        case Shell s -> shellSet = true;
        case Workdir w -> {
          String path = ctx.expand(w.path().raw(), w);
          if (path.startsWith("/") || path.matches("^[A-Za-z]:[\\\\/].*") || path.startsWith("$")) {
            absoluteWorkdir = true;
          } else if (!absoluteWorkdir) {
            ctx.report(Rules.WORKDIR_RELATIVE_PATH, w, w.path().range(), "Relative workdir \"" + path + "\" can have"
                + " unexpected results if the base image changes", "use an absolute path", "WORKDIR " + path);
          }
        }
        default -> { }
      }
      if (i instanceof Cmd c) {
        jsonArgs(c, c.command() instanceof ShellForm, shellSet);
      } else if (i instanceof Entrypoint e) {
        jsonArgs(e, e.command() instanceof ShellForm, shellSet);
      }
      if (i instanceof Cmd || i instanceof Entrypoint || i instanceof Healthcheck) {
        String name = i.keyword().name();
        Instruction previous = once.put(name, i);
        if (previous != null) {
          ctx.report(Rules.MULTIPLE_INSTRUCTIONS_DISALLOWED, previous, keywordRange(previous), "Multiple " + name
              + " instructions should not be used in the same stage because only the last one will be used",
              "remove all but the last " + name, name);
        }
      }
      if (i instanceof Copy c && c.from().isEmpty()) {
        copyIgnored(c, "Copy");
      } else if (i instanceof Add a) {
        copyIgnored(a, "Add");
      }
    }
  }

  private boolean parentHasShell(Stage stage) {
    String base = stage.from().image().raw().toLowerCase(Locale.ROOT);
    for (Stage s : ctx.request.dockerfile().stages()) {
      if (s.index() >= stage.index()) {
        break;
      }
      if (s.name().filter(base::equals).isPresent()) {
        return !s.body(Shell.class).isEmpty() || parentHasShell(s);
      }
    }
    return false;
  }

  private void jsonArgs(Instruction i, boolean shellForm, boolean shellSet) {
    if (shellForm && !shellSet) {
      String name = i.keyword().name();
      ctx.report(Rules.JSON_ARGS_RECOMMENDED, i, "JSON arguments recommended for " + name + " to prevent unintended"
          + " behavior related to OS signals", "write " + name + " [\"executable\", \"arg\"]", name);
    }
  }

  private void legacy(Instruction i, String name) {
    ctx.report(Rules.LEGACY_KEY_VALUE_FORMAT, i, keywordRange(i), "\"" + name + " key=value\" should be used instead"
        + " of legacy \"" + name + " key value\" format", "write " + name + " key=value", name);
  }

  private void copyIgnored(Instruction i, String verb) {
    if (!ctx.request.context().isAvailable() || ctx.ignore.isEmpty() || ctx.ignore.hasExclusions()) {
      return;
    }
    for (Word w : ((FileTransfer) i).sourcePaths()) {
      String src = ctx.expand(w.raw(), i);
      if (src.contains("://")) {
        continue;
      }
      String clean = dev.stowage.dockerfile.ignore.SlashPaths.clean(src.startsWith("/") ? src.substring(1) : src);
      if (!clean.equals(".") && ctx.ignore.excludes(clean)) {
        ctx.report(Rules.COPY_IGNORED_FILE, i, w.range(), "Attempting to " + verb + " file \"" + clean + "\" that is"
            + " excluded by .dockerignore", "remove it from .dockerignore or from the " + verb.toUpperCase(Locale.ROOT),
            verb.toUpperCase(Locale.ROOT) + " " + clean);
      }
    }
  }

  /** UndefinedVar over the words BuildKit expands. */
  private void undefinedVariables() {
    for (Stage stage : ctx.request.dockerfile().stages()) {
      for (Instruction i : stage.body()) {
        Scope scope = ctx.scope(i);
        if (scope == null) {
          continue;
        }
        Set<String> reported = new LinkedHashSet<>();
        for (Word w : expandedWords(i)) {
          if (!w.mayExpand()) {
            continue;
          }
          for (String name : undefined(w.raw(), scope.variables())) {
            if (BASE_IMAGE_ENV.contains(name) || ScopeWalker.isPredefined(name) || !reported.add(name)) {
              continue;
            }
            String suggestion = Suggestions.closest(name, scope.variables().keySet(), true)
                .map(s -> " (did you mean $" + s + "?)").orElse("");
            ctx.report(Rules.UNDEFINED_VAR, i, w.range(), "Usage of undefined variable '$" + name + "'" + suggestion,
                "declare it with ARG or ENV before this instruction", "$" + name);
          }
        }
      }
    }
  }

  private static List<Word> expandedWords(Instruction i) {
    List<Word> words = new ArrayList<>();
    switch (i) {
      case Env e -> e.pairs().forEach(p -> {
        words.add(p.key());
        words.add(p.value());
      });
      case Label l -> l.pairs().forEach(p -> {
        words.add(p.key());
        words.add(p.value());
      });
      case Arg a -> a.args().forEach(d -> d.defaultValue().ifPresent(words::add));
      case Workdir w -> words.add(w.path());
      case User u -> words.add(u.user());
      case Expose x -> words.addAll(x.ports());
      case Volume v -> words.addAll(v.paths());
      case StopSignal s -> words.add(s.signal());
      case Copy c when !c.execForm() -> {
        words.addAll(c.sourcePaths());
        words.add(c.destination());
        c.chown().ifPresent(words::add);
        c.chmod().ifPresent(words::add);
        c.from().ifPresent(words::add);
      }
      case Add a when !a.execForm() -> {
        words.addAll(a.sourcePaths());
        words.add(a.destination());
        a.chown().ifPresent(words::add);
        a.chmod().ifPresent(words::add);
      }
      default -> { }
    }
    return words;
  }

  private Set<String> undefined(String raw, Map<String, String> vars) {
    try {
      Expansion e = lexer.processWord(raw, vars);
      Set<String> out = new LinkedHashSet<>(e.undefinedVars());
      var m = WITH_DEFAULT.matcher(raw);
      while (m.find()) {
        out.remove(m.group(1));
      }
      return out;
    } catch (ExpansionException | IllegalArgumentException e) {
      return Set.of();
    }
  }

  private String expandOr(String raw, Map<String, String> vars, String fallback) {
    try {
      return lexer.processWord(raw, vars).value();
    } catch (ExpansionException | IllegalArgumentException e) {
      return fallback;
    }
  }

  private static dev.stowage.dockerfile.syntax.SourceRange keywordRange(Instruction i) {
    var start = i.range().start();
    return new dev.stowage.dockerfile.syntax.SourceRange(start,
        new dev.stowage.dockerfile.syntax.SourcePos(start.line(), start.column() + i.origin().keyword().length()));
  }
}
