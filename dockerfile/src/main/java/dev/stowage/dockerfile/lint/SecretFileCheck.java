package dev.stowage.dockerfile.lint;

import dev.stowage.detect.CredentialFiles;
import dev.stowage.detect.FileAssessment;
import dev.stowage.dockerfile.ast.Add;
import dev.stowage.dockerfile.ast.Copy;
import dev.stowage.dockerfile.ast.ExecForm;
import dev.stowage.dockerfile.ast.FileTransfer;
import dev.stowage.dockerfile.ast.Instruction;
import dev.stowage.dockerfile.ast.Run;
import dev.stowage.dockerfile.ast.SecretMount;
import dev.stowage.dockerfile.ast.ShellForm;
import dev.stowage.dockerfile.ast.Stage;
import dev.stowage.dockerfile.ast.Word;
import dev.stowage.dockerfile.ignore.DockerIgnore;
import dev.stowage.dockerfile.ignore.SlashPaths;
import dev.stowage.dockerfile.lint.shell.FlowEvent;
import dev.stowage.dockerfile.lint.shell.PathPatterns;
import dev.stowage.dockerfile.lint.shell.SecretFlow;
import dev.stowage.dockerfile.lint.shell.SecretSource;
import dev.stowage.dockerfile.lint.shell.ShellParser;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Follows secret files through the stages: credential files COPY'd or ADD'ed from the context (by name, in a copied
 * folder, through {@code COPY . .}), secret mounts and secret variables written into files by RUN, files carried
 * by {@code COPY --from}, and later steps that delete or overwrite them. Reports secret-file-copy,
 * secret-removed-later, secret-mount-persisted and secret-in-log.
 */
final class SecretFileCheck {
  private static final int MAX_LISTED = 3;
  private static final Pattern GLOB = Pattern.compile("[*?\\[]");
  private static final Pattern VARIABLE = Pattern.compile("\\$\\{?([A-Za-z_][A-Za-z0-9_]*)");

  /** A secret file in a stage's filesystem and the instruction that put it there. */
  private static final class SecretFile {
    final String path;
    final Origin origin;
    final String description;
    String source;
    int removedAtLine;
    String removedBy;

    SecretFile(String path, Origin origin, String description) {
      this.path = path;
      this.origin = origin;
      this.description = description;
    }
  }

  /** One instruction that put secret files in a layer, and how to report it. */
  private record Origin(Instruction instruction, Rule rule, String verb) {}

  private static final int MAX_READS = 5_000;
  private static final Pattern SKIPPED_DIRS = Pattern.compile("(?:^|/)(?:node_modules|\\.git|vendor|\\.venv|venv"
      + "|__pycache__|\\.gradle|\\.m2)/");
  private static final java.util.Set<String> BINARY_EXTENSIONS = java.util.Set.of("png", "jpg", "jpeg", "gif", "ico",
      "svg", "webp", "woff", "woff2", "ttf", "eot", "otf", "pdf", "zip", "gz", "tgz", "bz2", "xz", "zst", "jar", "war",
      "class", "so", "dylib", "dll", "exe", "bin", "o", "a", "mp3", "mp4", "mov", "wasm", "map", "lock", "sum");

  private final LintContext ctx;
  private int reads;
  private final Map<String, List<SecretFile>> stageFiles = new HashMap<>();
  private final List<SecretFile> all = new ArrayList<>();

  private SecretFileCheck(LintContext ctx) {
    this.ctx = ctx;
  }

  static void run(LintContext ctx) {
    new SecretFileCheck(ctx).walk();
  }

  private void walk() {
    for (Stage stage : ctx.request.dockerfile().stages()) {
      List<SecretFile> files = new ArrayList<>();
      List<SecretFile> parent = stageFiles.get(stage.from().image().raw().toLowerCase(Locale.ROOT));
      if (parent != null) {
        files.addAll(parent.stream().filter(f -> f.removedAtLine == 0).toList());
      }
      for (Instruction instruction : stage.body()) {
        switch (instruction) {
          case Copy c when c.from().isPresent() -> copyFrom(c, files);
          case Copy c -> copyContext(c, c, files);
          case Add a -> copyContext(a, a, files);
          case Run r -> run(r, files);
          default -> { }
        }
      }
      List<SecretFile> live = files.stream().filter(f -> f.removedAtLine == 0).toList();
      stage.name().ifPresent(n -> stageFiles.put(n, live));
      stageFiles.put(Integer.toString(stage.index()), live);
    }
    emit();
  }

  // ---------------------------------------------------------------- COPY / ADD from the context

  private void copyContext(Instruction instruction, FileTransfer transfer, List<SecretFile> files) {
    Scope scope = ctx.scope(instruction);
    String dest = ctx.expand(transfer.destination().raw(), instruction);
    String destAbs = SlashPaths.resolve(scope.workdir(), dest);
    List<Word> sources = transfer.sourcePaths();
    boolean destIsDir = dest.endsWith("/") || sources.size() > 1 || dest.equals(".");
    DockerIgnore excludes = DockerIgnore.of(transfer.excludes().stream()
        .map(w -> ctx.expand(w.raw(), instruction)).toList());
    List<String[]> copied = new ArrayList<>(); // {context path, destination path}
    for (Word source : sources) {
      String src = ctx.expand(source.raw(), instruction);
      if (src.contains("://") || src.startsWith("git@")) {
        continue; // a URL or git source: not the context
      }
      String clean = SlashPaths.clean(src.startsWith("/") ? src.substring(1) : src);
      if (clean.startsWith("..")) {
        continue;
      }
      if (!ctx.request.context().isAvailable()) {
        if (!GLOB.matcher(clean).find()) {
          copied.add(new String[] {clean, destIsDir ? destAbs + "/" + SlashPaths.base(clean) : destAbs});
        }
        continue;
      }
      for (String[] entry : contextFiles(clean)) {
        String file = entry[0];
        String relative = entry[1];
        if (ctx.ignore.excludes(file) || excludes.excludes(relative) || excludes.excludes(file)) {
          continue;
        }
        boolean single = file.equals(clean) && !GLOB.matcher(clean).find();
        String target = single && !destIsDir ? destAbs : destAbs + "/" + relative;
        copied.add(new String[] {file, SlashPaths.clean(target)});
      }
    }
    heredocFiles(instruction, transfer, scope, destAbs, destIsDir || transfer.heredocs().size() > 1, files);
    for (String[] pair : copied) {
      // a later COPY over a secret file replaces it
      overwrite(files, pair[1], instruction, "COPY");
      Optional<String> why = credential(pair[0], pair[1]);
      if (why.isPresent()) {
        SecretFile f = new SecretFile(pair[1], new Origin(instruction, Rules.SECRET_FILE_COPY,
            instruction.keyword().name()), pair[0] + " (" + why.get() + ")");
        f.source = pair[0];
        files.add(f);
        all.add(f);
      }
    }
  }

  /** {@code COPY <<EOF /dest} expands ARG and ENV in the body: a secret variable there lands in the file. */
  private void heredocFiles(Instruction instruction, FileTransfer transfer, Scope scope, String destAbs,
      boolean destIsDir, List<SecretFile> files) {
    for (dev.stowage.dockerfile.ast.Heredoc doc : transfer.heredocs()) {
      String path = destIsDir ? SlashPaths.clean(destAbs + "/" + doc.name()) : destAbs;
      overwrite(files, path, instruction, instruction.keyword().name());
      if (!doc.expand()) {
        continue;
      }
      java.util.regex.Matcher m = VARIABLE.matcher(doc.content());
      while (m.find()) {
        SecretSource source = scope.secretVariables().get(m.group(1));
        if (source != null) {
          SecretFile f = new SecretFile(path, new Origin(instruction, Rules.SECRET_FILE_COPY,
              instruction.keyword().name()), path + " (written from " + source.label() + " by a here-document)");
          f.source = "<<" + doc.name();
          files.add(f);
          all.add(f);
          break;
        }
      }
    }
  }

  /** {context path, path relative to the copied source} of every file a COPY source brings. */
  private List<String[]> contextFiles(String clean) {
    List<String[]> out = new ArrayList<>();
    var context = ctx.request.context();
    if (GLOB.matcher(clean).find()) {
      int wildcard = firstWildcardElement(clean);
      String fixed = wildcard == 0 ? "." : String.join("/", List.of(clean.split("/")).subList(0, wildcard));
      Pattern glob = Pattern.compile(globRegex(clean));
      for (String file : context.files(fixed)) {
        String[] parts = file.split("/");
        StringBuilder prefix = new StringBuilder();
        for (int i = 0; i < parts.length; i++) {
          prefix.append(i == 0 ? "" : "/").append(parts[i]);
          if (glob.matcher(prefix).matches()) {
            String parentOfMatch = SlashPaths.dir(prefix.toString());
            String rel = parentOfMatch.equals(".") ? file : file.substring(parentOfMatch.length() + 1);
            out.add(new String[] {file, i == parts.length - 1 ? parts[i] : rel.substring(rel.indexOf('/') + 1)});
            break;
          }
        }
      }
      return out;
    }
    for (String file : context.files(clean)) {
      String rel = clean.equals(".") ? file : file.equals(clean) ? SlashPaths.base(file)
          : file.substring(clean.length() + 1);
      out.add(new String[] {file, rel});
    }
    return out;
  }

  /** Why a copied file is a credential file, or empty. Content decides when it can be read. */
  private Optional<String> credential(String contextPath, String destPath) {
    String named = CredentialFiles.byName(contextPath).isPresent() ? contextPath : destPath;
    Optional<String> content = worthReading(named, contextPath)
        ? ctx.request.context().readSmallFile(contextPath) : Optional.empty();
    FileAssessment a = content.map(c -> CredentialFiles.assess(named, c)).orElseGet(() -> CredentialFiles.assessName(named));
    a.evidence().ifPresent(e -> content.ifPresent(c -> ctx.sensitive.add(c.substring(e.secretStart(), e.secretEnd()))));
    String kind = a.kind().map(k -> k.title()).orElse(null);
    String what = a.evidence().map(e -> e.title()).orElse(null);
    return switch (a.verdict()) {
      case CREDENTIAL -> Optional.of(kind == null ? "holding " + article(what) + " " + what
          : what == null ? kind + (a.reason().startsWith("named like") ? "" : ", which " + a.reason())
          : a.kind().get().id().contains("private-key") ? kind : kind + " holding " + article(what) + " " + what);
      case POSSIBLE -> ctx.request.context().isAvailable() || kind == null ? Optional.empty()
          : Optional.of(kind + ", which may hold a credential");
      case NONE -> Optional.empty();
    };
  }

  private static String article(String noun) {
    return noun == null || noun.isEmpty() ? "a" : "aeiouAEIOU".indexOf(noun.charAt(0)) >= 0
        || noun.startsWith("npm") ? "an" : "a";
  }

  /**
   * Whether to read a copied file: credential-named files and text files that hold settings or keys, but not
   * dependency trees, VCS internals or media, and at most {@link #MAX_READS} files per lint.
   */
  private boolean worthReading(String named, String contextPath) {
    if (CredentialFiles.byName(named).isPresent()) {
      return true;
    }
    if (reads >= MAX_READS || SKIPPED_DIRS.matcher(contextPath).find()) {
      return false;
    }
    String name = SlashPaths.base(contextPath).toLowerCase(Locale.ROOT);
    int dot = name.lastIndexOf('.');
    String extension = dot < 0 ? "" : name.substring(dot + 1);
    if (BINARY_EXTENSIONS.contains(extension)) {
      return false;
    }
    reads++;
    return true;
  }

  // ---------------------------------------------------------------- COPY --from

  private void copyFrom(Copy copy, List<SecretFile> files) {
    String from = ctx.expand(copy.from().orElseThrow().raw(), copy).toLowerCase(Locale.ROOT);
    List<SecretFile> source = stageFiles.get(from);
    String dest = ctx.expand(copy.destination().raw(), copy);
    String destAbs = SlashPaths.resolve(ctx.scope(copy).workdir(), dest);
    for (Word w : copy.sourcePaths()) {
      String src = SlashPaths.resolve("/", ctx.expand(w.raw(), copy));
      if (source == null) {
        continue;
      }
      for (SecretFile f : source) {
        if (!PathPatterns.covers(src, f.path)) {
          continue;
        }
        String relative = f.path.equals(src) ? SlashPaths.base(f.path) : f.path.substring(src.length() + 1);
        String target = f.path.equals(src) && !dest.endsWith("/") ? destAbs : destAbs + "/" + relative;
        SecretFile carried = new SecretFile(SlashPaths.clean(target), new Origin(copy, Rules.SECRET_FILE_COPY,
            "COPY --from=" + from), f.path + " (put in stage " + from + " on line " + f.origin.instruction().line()
                + ")");
        files.add(carried);
        all.add(carried);
      }
    }
  }

  // ---------------------------------------------------------------- RUN

  private void run(Run run, List<SecretFile> files) {
    Scope scope = ctx.scope(run);
    Map<String, SecretSource> secretFiles = new LinkedHashMap<>();
    Map<String, SecretSource> secretVars = new LinkedHashMap<>(scope.secretVariables());
    for (SecretMount m : run.secretMounts()) {
      Optional<String> target = m.target().map(t -> ctx.expand(t.raw(), run));
      Optional<String> env = m.env().map(e -> ctx.expand(e.raw(), run));
      String id = m.idOrSource().map(i -> ctx.expand(i.raw(), run))
          .orElseGet(() -> target.map(SlashPaths::base).orElse(env.orElse("secret")));
      SecretSource source = new SecretSource("secret \"" + id + "\"", true);
      env.ifPresent(e -> secretVars.put(e, source));
      if (target.isPresent()) {
        secretFiles.put(SlashPaths.resolve(scope.workdir(), target.get()), source);
      } else if (env.isEmpty()) {
        secretFiles.put("/run/secrets/" + id, source);
      }
    }
    if (secretFiles.keySet().stream().anyMatch(p -> p.startsWith("/run/secrets/"))) {
      secretFiles.putIfAbsent("/run/secrets/", secretFiles.entrySet().stream()
          .filter(e -> e.getKey().startsWith("/run/secrets/")).findFirst().orElseThrow().getValue());
    }
    Map<String, SecretFlow.Heredoc> heredocs = new HashMap<>();
    run.heredocs().forEach(h -> heredocs.put(h.name(), new SecretFlow.Heredoc(h.body(), h.expand())));
    String script = switch (run.command()) {
      case ShellForm s -> s.script();
      case ExecForm e -> String.join(" ", e.argv().stream().map(SecretFileCheck::quote).toList());
    };
    List<FlowEvent> events = SecretFlow.analyze(ShellParser.parse(script), scope.workdir(),
        new SecretFlow.Secrets(secretFiles, secretVars, heredocs), scope.shellTraces(), scope.home());

    List<FlowEvent.Printed> printed = new ArrayList<>();
    List<FlowEvent.Persisted> mountPersisted = new ArrayList<>();
    for (FlowEvent e : events) {
      switch (e) {
        case FlowEvent.Printed p -> printed.add(p);
        case FlowEvent.Persisted p when p.source().mount() -> mountPersisted.add(p);
        case FlowEvent.Persisted p -> {
          SecretFile f = new SecretFile(p.path(), new Origin(run, Rules.SECRET_FILE_COPY, "RUN"),
              p.path() + " (written from " + p.source().label() + " by " + p.command() + ")");
          files.add(f);
          all.add(f);
        }
        case FlowEvent.Removed r -> remove(files, r.path(), run, r.command(), true);
        case FlowEvent.Overwritten o -> remove(files, o.path(), run, o.command(), false);
      }
    }
    if (!printed.isEmpty()) {
      FlowEvent.Printed p = printed.getFirst();
      String how = p.command().equals("set -x") ? "the shell trace (set -x) of a command that expands it"
          : "'" + p.command() + "'";
      ctx.report(Rules.SECRET_IN_LOG, run, "RUN prints " + p.source().label() + " to the build output through " + how,
          "never print a secret; drop the echo/cat, or turn tracing off (set +x) around the command that uses it",
          "RUN " + p.command() + " (" + p.source().label() + ")");
    }
    if (!mountPersisted.isEmpty()) {
      FlowEvent.Persisted p = mountPersisted.getFirst();
      String more = mountPersisted.size() > 1 ? " (and " + (mountPersisted.size() - 1) + " more)" : "";
      SecretFile f = new SecretFile(p.path(), new Origin(run, Rules.SECRET_MOUNT_PERSISTED, "RUN"),
          p.source().label() + " to " + p.path() + " (" + p.command() + ")" + more);
      files.add(f);
      all.add(f);
      for (FlowEvent.Persisted other : mountPersisted.subList(1, mountPersisted.size())) {
        SecretFile g = new SecretFile(other.path(), f.origin, null);
        files.add(g);
      }
    }
  }

  private void remove(List<SecretFile> files, String path, Instruction by, String command, boolean deleted) {
    for (SecretFile f : files) {
      if (f.origin.instruction() == by || f.removedAtLine != 0) {
        continue;
      }
      if (deleted ? PathPatterns.covers(path, f.path) : path.equals(f.path)) {
        f.removedAtLine = by.line();
        f.removedBy = command;
      }
    }
  }

  private void overwrite(List<SecretFile> files, String path, Instruction by, String command) {
    remove(files, path, by, command, false);
  }

  // ---------------------------------------------------------------- findings

  private void emit() {
    Map<Instruction, List<SecretFile>> byInstruction = new LinkedHashMap<>();
    for (SecretFile f : all) {
      if (f.description != null) {
        byInstruction.computeIfAbsent(f.origin.instruction(), k -> new ArrayList<>()).add(f);
      }
    }
    for (List<SecretFile> group : byInstruction.values()) {
      SecretFile first = group.getFirst();
      Instruction instruction = first.origin.instruction();
      String verb = first.origin.verb();
      String listed = listed(group);
      if (first.origin.rule() == Rules.SECRET_MOUNT_PERSISTED) {
        ctx.report(Rules.SECRET_MOUNT_PERSISTED, instruction, "RUN copies " + listed + ", which stays in the layer",
            "use the secret where it is mounted (/run/secrets/<id> or env=) and never copy it; if a tool needs a"
                + " file, mount the secret at that path with target=", "RUN " + matchPaths(group));
      } else if (verb.equals("RUN")) {
        ctx.report(Rules.SECRET_FILE_COPY, instruction, "RUN writes " + listed + " into the layer",
            "pass the secret with RUN --mount=type=secret,id=<id>,env=<NAME> and write the file only under a"
                + " secret mount or remove it in the same RUN", "RUN " + matchPaths(group));
      } else if (verb.startsWith("COPY --from")) {
        ctx.report(Rules.SECRET_FILE_COPY, instruction, verb + " carries " + listed + " into this stage",
            "copy only the build output out of the other stage, and keep secrets in secret mounts there",
            verb + " " + matchSources(group));
      } else {
        ctx.report(Rules.SECRET_FILE_COPY, instruction, verb + " puts " + listed + " in the image",
            "exclude it in .dockerignore and mount it where needed with RUN --mount=type=secret,id=<id>,target=<path>"
                + " (build with --secret id=<id>,src=<file>)", verb + " " + matchSources(group));
      }
      // A later deletion does not undo the layer: said as its own finding, so it can be skipped on its own.
      List<SecretFile> removed = group.stream().filter(f -> f.removedAtLine != 0).toList();
      if (!removed.isEmpty()) {
        SecretFile r = removed.getFirst();
        ctx.report(Rules.SECRET_REMOVED_LATER, instruction, verb + " adds " + listed(removed) + "; the '" + r.removedBy
            + "' on line " + r.removedAtLine + " only hides it: the layer this " + instruction.keyword().name()
            + " creates still holds it", "don't add the file at all: mount it for the one RUN that needs it with"
                + " RUN --mount=type=secret,id=<id>,target=<path> (build with --secret id=<id>,src=<file>)",
            verb + " " + matchSources(removed) + " (removed on line " + r.removedAtLine + ")");
      }
    }
  }

  private static String listed(List<SecretFile> group) {
    return String.join(", ", group.stream().limit(MAX_LISTED).map(f -> f.description).toList())
        + (group.size() > MAX_LISTED ? " and " + (group.size() - MAX_LISTED) + " more" : "");
  }

  private static String matchSources(List<SecretFile> group) {
    return String.join(", ", group.stream().limit(MAX_LISTED)
        .map(f -> f.source != null ? f.source + " -> " + f.path : f.path).toList());
  }

  private static String matchPaths(List<SecretFile> group) {
    return String.join(", ", group.stream().limit(MAX_LISTED).map(f -> f.path).toList());
  }

  // ---------------------------------------------------------------- helpers

  private static int firstWildcardElement(String path) {
    String[] parts = path.split("/");
    for (int i = 0; i < parts.length; i++) {
      if (GLOB.matcher(parts[i]).find()) {
        return i;
      }
    }
    return parts.length;
  }

  /** Go's filepath.Match syntax as a regular expression over a whole slash-separated path. */
  private static String globRegex(String glob) {
    StringBuilder re = new StringBuilder();
    for (int i = 0; i < glob.length(); i++) {
      char c = glob.charAt(i);
      switch (c) {
        case '*' -> re.append("[^/]*");
        case '?' -> re.append("[^/]");
        case '[' -> {
          int close = glob.indexOf(']', i + 1);
          if (close < 0) {
            re.append("\\[");
          } else {
            String body = glob.substring(i + 1, close).replace("\\", "\\\\");
            re.append('[').append(body.startsWith("^") || body.startsWith("!") ? "^" + body.substring(1) : body)
                .append(']');
            i = close;
          }
        }
        case '\\' -> {
          if (i + 1 < glob.length()) {
            re.append(Pattern.quote(String.valueOf(glob.charAt(++i))));
          }
        }
        default -> re.append(Pattern.quote(String.valueOf(c)));
      }
    }
    return re.toString();
  }

  private static String quote(String arg) {
    return "'" + arg.replace("'", "'\\''") + "'";
  }
}
