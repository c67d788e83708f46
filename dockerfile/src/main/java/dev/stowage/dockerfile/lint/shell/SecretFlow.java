package dev.stowage.dockerfile.lint.shell;

import dev.stowage.dockerfile.lint.shell.FlowEvent.Overwritten;
import dev.stowage.dockerfile.lint.shell.FlowEvent.Persisted;
import dev.stowage.dockerfile.lint.shell.FlowEvent.Printed;
import dev.stowage.dockerfile.lint.shell.FlowEvent.Removed;
import dev.stowage.dockerfile.lint.shell.Script.Command;
import dev.stowage.dockerfile.lint.shell.Script.Group;
import dev.stowage.dockerfile.lint.shell.Script.Node;
import dev.stowage.dockerfile.lint.shell.Script.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Follows secret content through one RUN script: from secret files (mount targets), secret variables
 * ({@code env=} mounts, secret-named ARG/ENV) and command substitutions, through pipes and commands that pass
 * content on ({@code cat}, {@code base64}, {@code sed}, {@code echo}, ...), to where it ends: a file of the layer,
 * the build log, or a command that consumes it (anything unknown, and digests such as {@code sha256sum}).
 */
public final class SecretFlow {
  /** Where the shell's stdout leads, for the command being evaluated. */
  private record Out(Kind kind, String path) {
    enum Kind { LOG, NULL, FILE, PIPE, CAPTURE }

    static final Out LOG = new Out(Kind.LOG, null);
    static final Out NULL = new Out(Kind.NULL, null);
    static final Out PIPE = new Out(Kind.PIPE, null);
    static final Out CAPTURE = new Out(Kind.CAPTURE, null);
  }

  /**
   * The secrets visible to a RUN.
   *
   * @param files absolute path of each secret file; a key ending in {@code /} covers a whole directory
   * @param variables each secret environment variable (an {@code env=} mount or a secret ARG/ENV)
   * @param heredocs the here-document bodies of the RUN by delimiter, with whether they expand variables
   */
  public record Secrets(Map<String, SecretSource> files, Map<String, SecretSource> variables,
      Map<String, Heredoc> heredocs) {
    public Secrets {
      files = Map.copyOf(files);
      variables = Map.copyOf(variables);
      heredocs = Map.copyOf(heredocs);
    }

    public Secrets(Map<String, SecretSource> files, Map<String, SecretSource> variables) {
      this(files, variables, Map.of());
    }

    public boolean isEmpty() {
      return files.isEmpty() && variables.isEmpty();
    }

    @Override
    public String toString() {
      return "Secrets[files " + files.keySet() + ", variables " + variables.keySet() + ", heredocs "
          + heredocs.keySet() + "]";
    }
  }

  /** A here-document body as the shell sees it. */
  public record Heredoc(String body, boolean expands) {
    /** Not the body: it may hold a secret. */
    @Override
    public String toString() {
      return "Heredoc[" + body.length() + " chars, expands=" + expands + "]";
    }
  }

  private static final Set<String> ECHOES = Set.of("echo", "printf", "print");
  private static final Set<String> READERS = Set.of("cat", "tac", "head", "tail", "base64", "base32", "basenc",
      "xxd", "od", "hexdump", "hd", "sed", "awk", "gawk", "mawk", "nawk", "tr", "sort", "uniq", "rev", "fold", "nl",
      "grep", "egrep", "fgrep", "rg", "cut", "strings", "jq", "yq", "envsubst", "gzip", "gunzip", "zcat", "bzip2",
      "bunzip2", "xz", "unxz", "zstd", "iconv", "column", "paste", "fmt", "expand", "unexpand", "perl", "openssl",
      "less", "more", "uuencode", "diff", "gpg", "age", "sops");
  /** Readers whose arguments (a script or template) can carry secret content into their output. */
  private static final Set<String> TEMPLATING = Set.of("sed", "awk", "gawk", "mawk", "nawk", "jq", "yq", "perl",
      "envsubst");
  private static final Set<String> ENCODERS = Set.of("base64", "base32", "basenc", "xxd", "od", "hexdump", "hd",
      "gzip", "bzip2", "xz", "zstd", "openssl", "uuencode");
  private static final Set<String> SHELLS = Set.of("sh", "bash", "dash", "ash", "zsh", "ksh", "busybox-sh");
  private static final Set<String> WRAPPERS = Set.of("command", "exec", "nice", "nohup", "time", "stdbuf", "ionice",
      "builtin", "doas");
  private static final Pattern HEREDOC_VAR = Pattern.compile("\\$\\{?([A-Za-z_][A-Za-z0-9_]*)");

  private final Secrets secrets;
  private final Map<String, SecretSource> vars;
  private final List<FlowEvent> events = new ArrayList<>();
  private String cwd;
  private boolean xtrace;
  private final String home;

  private SecretFlow(Secrets secrets, String workdir, boolean xtrace, String home) {
    this.secrets = secrets;
    this.vars = new HashMap<>(secrets.variables());
    this.cwd = workdir;
    this.xtrace = xtrace;
    this.home = home;
  }

  /**
   * Analyses a script run in {@code workdir} (absolute; null when unknown) and returns what it does with the
   * secrets, in order. A file persisted and then deleted or replaced by the same script is not reported as
   * persisted (it never reaches the layer).
   */
  public static List<FlowEvent> analyze(String script, String workdir, Secrets secrets) {
    return analyze(ShellParser.parse(script), workdir, secrets, false, "/root");
  }

  /** As {@link #analyze(String, String, Secrets)}, for a parsed script, a shell started with {@code -x}, and a home. */
  public static List<FlowEvent> analyze(Script script, String workdir, Secrets secrets, boolean xtrace, String home) {
    SecretFlow flow = new SecretFlow(secrets, workdir, xtrace, home);
    flow.script(script, Out.LOG, null);
    return flow.effectiveEvents();
  }

  private List<FlowEvent> effectiveEvents() {
    List<FlowEvent> out = new ArrayList<>();
    for (int i = 0; i < events.size(); i++) {
      FlowEvent e = events.get(i);
      if (e instanceof Persisted p && cancelledLater(p.path(), i)) {
        continue;
      }
      out.add(e);
    }
    return out;
  }

  private boolean cancelledLater(String path, int index) {
    for (int j = index + 1; j < events.size(); j++) {
      FlowEvent later = events.get(j);
      if (later instanceof Removed r && PathPatterns.covers(r.path(), path)) {
        return true;
      }
      if (later instanceof Overwritten o && o.path().equals(path) && !persistsAt(j + 1, path)) {
        return true;
      }
    }
    return false;
  }

  private boolean persistsAt(int index, String path) {
    return index < events.size() && events.get(index) instanceof Persisted p && p.path().equals(path);
  }

  // ---------------------------------------------------------------- evaluation

  /** Evaluates a list; returns the secret that reached {@code out} when it is a pipe or a capture. */
  private SecretSource script(Script script, Out out, SecretSource stdin) {
    SecretSource captured = null;
    boolean first = true;
    for (Statement statement : script.statements()) {
      SecretSource t = pipeline(statement.pipeline(), out, first ? stdin : null);
      first = false;
      if (captured == null) {
        captured = t;
      }
    }
    return captured;
  }

  private SecretSource pipeline(List<Node> stages, Out out, SecretSource stdin) {
    SecretSource flowing = stdin;
    for (int i = 0; i < stages.size(); i++) {
      boolean last = i == stages.size() - 1;
      flowing = node(stages.get(i), flowing, last ? out : Out.PIPE);
    }
    return flowing;
  }

  private SecretSource node(Node node, SecretSource stdin, Out out) {
    return switch (node) {
      case Group g -> g.opaque() ? null : script(g.body(), redirected(g.redirects(), out, g.kind()), stdin);
      case Command c -> command(c, stdin, out);
    };
  }

  private Out redirected(List<Redirect> redirects, Out out, String label) {
    Out result = out;
    for (Redirect r : redirects) {
      if (r.redirectsStdout()) {
        result = destination(r);
        if (result.kind() == Out.Kind.FILE && r.truncates()) {
          events.add(new Overwritten(result.path(), label + " >"));
        }
      }
    }
    return result;
  }

  private Out destination(Redirect r) {
    String target = r.target().literal();
    if (r.op().equals(">&")) {
      if (target.equals("2")) {
        return Out.LOG;
      }
      if (target.equals("1") || target.equals("-")) {
        return Out.LOG;
      }
    }
    return switch (target) {
      case "/dev/null" -> Out.NULL;
      case "/dev/stdout", "/dev/stderr", "/proc/self/fd/1", "/proc/self/fd/2", "/proc/1/fd/1", "/proc/1/fd/2",
          "/dev/tty", "/dev/console", "/dev/fd/1", "/dev/fd/2" -> Out.LOG;
      default -> new Out(Out.Kind.FILE, resolve(target));
    };
  }

  private SecretSource command(Command c, SecretSource stdin, Out out) {
    // Expansions first: each command substitution runs once, in order, as the shell would.
    Map<ShellWord, SecretSource> taint = new LinkedHashMap<>();
    for (ShellWord w : c.assignments()) {
      taint.put(w, taintOf(w));
    }
    for (ShellWord w : c.words()) {
      taint.put(w, taintOf(w));
    }
    List<ShellWord> words = new ArrayList<>(c.words());
    Map<String, SecretSource> prefix = new HashMap<>();
    for (ShellWord a : c.assignments()) {
      String name = a.raw().substring(0, a.raw().indexOf('='));
      if (words.isEmpty()) {
        assign(name, taint.get(a));
      } else if (taint.get(a) != null) {
        prefix.put(name, taint.get(a));
      }
    }
    if (xtrace) {
      taint.values().stream().filter(t -> t != null).findFirst()
          .ifPresent(t -> events.add(new Printed("set -x", t)));
    }

    int k = skipWrappers(words, prefix, taint);
    String name = k < words.size() ? commandName(words.get(k).literal()) : "";
    List<ShellWord> args = k < words.size() ? words.subList(k + 1, words.size()) : List.of();

    Out target = out;
    SecretSource in = stdin;
    for (Redirect r : c.redirects()) {
      if (r.redirectsStdout()) {
        target = destination(r);
        if (target.kind() == Out.Kind.FILE && r.truncates()) {
          events.add(new Overwritten(target.path(), name + " >"));
        }
      } else if (r.op().equals("<")) {
        in = fileRef(r.target());
      } else if (r.op().equals("<<<")) {
        in = taintOf(r.target());
      } else if (r.op().equals("<<") || r.op().equals("<<-")) {
        Heredoc doc = r.heredocBody() != null ? new Heredoc(r.heredocBody(), r.heredocExpands())
            : secrets.heredocs().get(r.target().literal());
        if (doc != null && words.isEmpty() && r.heredocBody() == null) {
          // RUN <<EOF ... EOF: the here-document is the script itself
          return script(ShellParser.parse(doc.body()), target, null);
        }
        in = doc == null ? null : heredocTaint(doc);
      } else if ((r.op().equals(">") || r.op().equals(">|")) && r.fd() > 1) {
        Out other = destination(r);
        if (other.kind() == Out.Kind.FILE) {
          events.add(new Overwritten(other.path(), name + " " + r.fd() + ">"));
        }
      }
    }
    if (name.isEmpty()) {
      return null;
    }
    SecretSource produced = run(name, args, taint, prefix, in, target);
    return deliver(produced, target, name);
  }

  private SecretSource deliver(SecretSource t, Out out, String label) {
    if (t == null) {
      return null;
    }
    return switch (out.kind()) {
      case LOG -> {
        events.add(new Printed(label, t));
        yield null;
      }
      case FILE -> {
        events.add(new Persisted(out.path(), label + " >", t));
        yield null;
      }
      case NULL -> null;
      case PIPE, CAPTURE -> t;
    };
  }

  /** What the command prints to stdout (the secret it carries, or null), after its side effects. */
  private SecretSource run(String name, List<ShellWord> args, Map<ShellWord, SecretSource> taint,
      Map<String, SecretSource> prefix, SecretSource stdin, Out out) {
    if (ECHOES.contains(name)) {
      return firstTainted(args, taint);
    }
    if (name.equals("tee")) {
      boolean append = args.stream().anyMatch(a -> a.literal().equals("-a") || a.literal().equals("--append"));
      for (ShellWord a : nonOptions(args)) {
        Out to = destination(new Redirect(">", -1, a));
        if (to.kind() == Out.Kind.LOG && stdin != null) {
          events.add(new Printed("tee", stdin));
        }
        if (to.kind() != Out.Kind.FILE) {
          continue;
        }
        if (!append) {
          events.add(new Overwritten(to.path(), "tee"));
        }
        if (stdin != null) {
          events.add(new Persisted(to.path(), "tee", stdin));
        }
      }
      return stdin;
    }
    if (READERS.contains(name)) {
      return reader(name, args, taint, stdin);
    }
    switch (name) {
      case "cp", "install", "rsync", "scp", "ditto" -> {
        copy(name, args);
        return null;
      }
      case "mv" -> {
        move(args);
        return null;
      }
      case "tar", "bsdtar", "zip", "7z", "7za", "jar" -> {
        archive(name, args);
        return null;
      }
      case "dd" -> {
        return dd(args, stdin);
      }
      case "rm", "unlink", "shred", "rmdir" -> {
        for (ShellWord a : nonOptions(args)) {
          events.add(new Removed(resolve(a.literal()), name));
        }
        return null;
      }
      case "cd", "pushd" -> {
        List<ShellWord> dirs = nonOptions(args);
        if (dirs.isEmpty()) {
          cwd = home;
        } else {
          String d = dirs.getFirst().literal();
          cwd = d.contains("$") || d.equals("-") || cwd == null && !d.startsWith("/") ? null : resolve(d);
        }
        return null;
      }
      case "set" -> {
        if (args.isEmpty()) {
          return anyVariable();
        }
        setOptions(args);
        return null;
      }
      case "env", "printenv" -> {
        List<ShellWord> names = nonOptions(args);
        if (names.isEmpty()) {
          return anyVariable();
        }
        return names.stream().map(w -> vars.get(w.literal())).filter(s -> s != null).findFirst().orElse(null);
      }
      case "export", "declare", "typeset", "local", "readonly" -> {
        List<ShellWord> rest = nonOptions(args);
        if (rest.isEmpty()) {
          return args.isEmpty() || args.stream().anyMatch(a -> a.literal().startsWith("-p")) ? anyVariable() : null;
        }
        for (ShellWord a : rest) {
          int eq = a.literal().indexOf('=');
          if (eq > 0) {
            assign(a.literal().substring(0, eq), taint.get(a));
          }
        }
        return null;
      }
      case "read" -> {
        if (stdin != null) {
          for (ShellWord a : nonOptions(args)) {
            vars.put(a.literal(), stdin);
          }
        }
        return null;
      }
      case "eval" -> {
        StringBuilder text = new StringBuilder();
        args.forEach(a -> text.append(a.literal()).append(' '));
        return nested(ShellParser.parse(text.toString()), prefix, xtrace, out, stdin);
      }
      case "xargs" -> {
        return xargs(args, stdin, out);
      }
      default -> {
        if (SHELLS.contains(name)) {
          return shell(args, prefix, out, stdin);
        }
        configWriter(name, args, taint, stdin);
        return null;
      }
    }
  }

  private SecretSource reader(String name, List<ShellWord> args, Map<ShellWord, SecretSource> taint,
      SecretSource stdin) {
    if (isLossy(name, args)) {
      return null;
    }
    boolean inPlace = (name.equals("sed") || name.equals("perl"))
        && args.stream().map(ShellWord::literal).anyMatch(a -> a.startsWith("-i") || a.equals("--in-place")
            || a.startsWith("--in-place=") || a.startsWith("-pi") || a.matches("-[a-hj-zA-Z]*i.*") && a.startsWith("-")
            && !a.startsWith("--"));
    SecretSource fromArgs = TEMPLATING.contains(name) ? firstTainted(args, taint) : null;
    if (inPlace) {
      List<ShellWord> files = nonOptions(args);
      boolean explicitScript = args.stream().anyMatch(a -> a.literal().equals("-e") || a.literal().equals("-f")
          || a.literal().equals("--expression"));
      if (!explicitScript && !files.isEmpty()) {
        files = files.subList(1, files.size());
      }
      for (ShellWord f : files) {
        String path = resolve(f.literal());
        events.add(new Overwritten(path, name + " -i"));
        if (fromArgs != null) {
          events.add(new Persisted(path, name + " -i", fromArgs));
        }
      }
      return null;
    }
    SecretSource content = stdin;
    if (content == null) {
      for (ShellWord a : args) {
        if (outputOption(args, a)) {
          continue;
        }
        SecretSource ref = fileRef(a);
        if (ref != null) {
          content = ref;
          break;
        }
      }
    }
    if (content == null && name.equals("envsubst")) {
      content = anyVariable(); // it copies the environment, secret variables included, into its output
    }
    if (content == null) {
      content = fromArgs;
    }
    String output = outputFile(args);
    if (output != null) {
      String path = resolve(output);
      events.add(new Overwritten(path, name));
      if (content != null) {
        events.add(new Persisted(path, name + " -o", content));
      }
      return null;
    }
    return content;
  }

  /** The file named by {@code -o FILE}, {@code -out FILE}, {@code --output FILE} or {@code --output=FILE}. */
  private static String outputFile(List<ShellWord> args) {
    for (int i = 0; i < args.size(); i++) {
      String a = args.get(i).literal();
      if ((a.equals("-o") || a.equals("-out") || a.equals("--output")) && i + 1 < args.size()) {
        return args.get(i + 1).literal();
      }
      if (a.startsWith("--output=")) {
        return a.substring(9);
      }
    }
    return null;
  }

  private static boolean outputOption(List<ShellWord> args, ShellWord word) {
    int i = args.indexOf(word);
    if (i <= 0) {
      return false;
    }
    String previous = args.get(i - 1).literal();
    return previous.equals("-o") || previous.equals("-out") || previous.equals("--output");
  }

  /** tar/zip creating an archive that holds a secret file. */
  private void archive(String name, List<ShellWord> args) {
    List<String> a = args.stream().map(ShellWord::literal).toList();
    boolean creating;
    String archive = null;
    List<ShellWord> inputs = new ArrayList<>();
    if (name.equals("tar") || name.equals("bsdtar")) {
      String first = a.isEmpty() ? "" : a.getFirst();
      creating = a.contains("--create") || first.matches("-?[A-Za-z]*c[A-Za-z]*") && !first.startsWith("--");
      for (int i = 0; i < a.size(); i++) {
        String x = a.get(i);
        if (x.startsWith("--file=")) {
          archive = x.substring(7);
        } else if (x.equals("-f") || x.equals("--file") || (i == 0 && x.matches("-?[A-Za-z]*f")
            || x.matches("-[A-Za-z]*f")) && i + 1 < a.size()) {
          archive = a.get(++i);
        } else if (x.equals("-C") && i + 1 < a.size()) {
          i++;
        } else if (!x.startsWith("-") && i > 0) {
          inputs.add(args.get(i));
        }
      }
    } else {
      creating = true;
      List<ShellWord> operands = nonOptions(args);
      if (name.startsWith("7z") && !operands.isEmpty()) {
        operands = operands.subList(1, operands.size()); // the "a" command
      }
      if (!operands.isEmpty()) {
        archive = operands.getFirst().literal();
        inputs.addAll(operands.subList(1, operands.size()));
      }
    }
    if (!creating || archive == null || archive.equals("-")) {
      return;
    }
    String path = resolve(archive);
    events.add(new Overwritten(path, name));
    for (ShellWord in : inputs) {
      SecretSource ref = fileRef(in);
      if (ref != null) {
        events.add(new Persisted(path, name, ref));
        return;
      }
    }
  }

  /** Commands that keep too little of their input to reveal a secret: counts, tests, short prefixes. */
  private static boolean isLossy(String name, List<ShellWord> args) {
    List<String> a = args.stream().map(ShellWord::literal).toList();
    return switch (name) {
      case "grep", "egrep", "fgrep", "rg" -> a.stream().anyMatch(x -> x.equals("--quiet") || x.equals("--silent")
          || x.equals("--count") || x.equals("--files-with-matches") || x.equals("--files-without-match")
          || x.matches("-[A-Za-z]*[qclL][A-Za-z]*"));
      case "cut" -> shortCharacterRange(a);
      case "diff" -> a.stream().anyMatch(x -> x.equals("-q") || x.equals("--brief"));
      case "head", "tail" -> shortByteCount(a);
      default -> false;
    };
  }

  private static boolean shortCharacterRange(List<String> args) {
    for (int i = 0; i < args.size(); i++) {
      String x = args.get(i);
      String spec = null;
      if (x.equals("-c") || x.equals("-b")) {
        spec = i + 1 < args.size() ? args.get(i + 1) : null;
      } else if (x.startsWith("-c") || x.startsWith("-b")) {
        spec = x.substring(2);
      } else if (x.startsWith("--characters=") || x.startsWith("--bytes=")) {
        spec = x.substring(x.indexOf('=') + 1);
      }
      if (spec != null) {
        return spec.matches("[0-9,\\-]+") && !spec.endsWith("-") && maxNumber(spec) <= 16;
      }
    }
    return false;
  }

  private static boolean shortByteCount(List<String> args) {
    for (int i = 0; i < args.size(); i++) {
      String x = args.get(i);
      String n = null;
      if (x.equals("-c")) {
        n = i + 1 < args.size() ? args.get(i + 1) : null;
      } else if (x.startsWith("-c")) {
        n = x.substring(2);
      } else if (x.startsWith("--bytes=")) {
        n = x.substring(8);
      }
      if (n != null) {
        return n.matches("\\d{1,2}") && Integer.parseInt(n) <= 16;
      }
    }
    return false;
  }

  private static int maxNumber(String spec) {
    int max = 0;
    Matcher m = Pattern.compile("\\d+").matcher(spec);
    while (m.find()) {
      max = Math.max(max, Integer.parseInt(m.group()));
    }
    return max;
  }

  private void copy(String name, List<ShellWord> args) {
    List<ShellWord> operands = new ArrayList<>();
    String targetDir = null;
    for (int i = 0; i < args.size(); i++) {
      String a = args.get(i).literal();
      if (a.equals("-t") || a.equals("--target-directory")) {
        targetDir = i + 1 < args.size() ? args.get(++i).literal() : null;
      } else if (a.startsWith("--target-directory=")) {
        targetDir = a.substring(a.indexOf('=') + 1);
      } else if (!a.startsWith("-") || a.equals("-")) {
        operands.add(args.get(i));
      }
    }
    if (operands.isEmpty() || (targetDir == null && operands.size() < 2)) {
      return;
    }
    String dest = targetDir != null ? targetDir + "/" : operands.getLast().literal();
    List<ShellWord> sources = targetDir != null ? operands : operands.subList(0, operands.size() - 1);
    for (ShellWord s : sources) {
      String path = dest.endsWith("/") || sources.size() > 1
          ? resolve(dest + "/" + baseName(s.literal())) : resolve(dest);
      events.add(new Overwritten(path, name));
      SecretSource ref = fileRef(s);
      if (ref == null) {
        ref = persistedAt(resolve(s.literal()));
      }
      if (ref != null) {
        events.add(new Persisted(path, name, ref));
      }
    }
  }

  private void move(List<ShellWord> args) {
    List<ShellWord> operands = nonOptions(args);
    if (operands.size() < 2) {
      return;
    }
    String dest = operands.getLast().literal();
    for (ShellWord s : operands.subList(0, operands.size() - 1)) {
      String from = resolve(s.literal());
      String to = dest.endsWith("/") || operands.size() > 2 ? resolve(dest + "/" + baseName(s.literal())) : resolve(dest);
      SecretSource moved = persistedAt(from);
      events.add(new Removed(from, "mv"));
      events.add(new Overwritten(to, "mv"));
      if (moved != null) {
        events.add(new Persisted(to, "mv", moved));
      }
    }
  }

  /** The secret a file written earlier in this script holds, if it is still there. */
  private SecretSource persistedAt(String path) {
    for (int i = events.size() - 1; i >= 0; i--) {
      FlowEvent e = events.get(i);
      if (e instanceof Persisted p && p.path().equals(path)) {
        return cancelledLater(path, i) ? null : p.source();
      }
    }
    return null;
  }

  private SecretSource dd(List<ShellWord> args, SecretSource stdin) {
    SecretSource in = stdin;
    String of = null;
    for (ShellWord a : args) {
      String x = a.literal();
      if (x.startsWith("if=")) {
        in = fileRef(new ShellWord(x.substring(3), x.substring(3), List.of(), List.of()));
      } else if (x.startsWith("of=")) {
        of = resolve(x.substring(3));
      }
    }
    if (of == null) {
      return in;
    }
    events.add(new Overwritten(of, "dd"));
    if (in != null) {
      events.add(new Persisted(of, "dd", in));
    }
    return null;
  }

  private void setOptions(List<ShellWord> args) {
    for (int i = 0; i < args.size(); i++) {
      String a = args.get(i).literal();
      if ((a.equals("-o") || a.equals("+o")) && i + 1 < args.size() && args.get(i + 1).literal().equals("xtrace")) {
        xtrace = a.startsWith("-");
        i++;
      } else if (a.startsWith("-") && !a.startsWith("--") && a.indexOf('x') > 0) {
        xtrace = true;
      } else if (a.startsWith("+") && a.indexOf('x') > 0) {
        xtrace = false;
      }
    }
  }

  private SecretSource shell(List<ShellWord> args, Map<String, SecretSource> prefix, Out out, SecretSource stdin) {
    boolean trace = false;
    for (int i = 0; i < args.size(); i++) {
      String a = args.get(i).literal();
      if (a.startsWith("-") && !a.startsWith("--")) {
        trace |= a.indexOf('x') > 0;
        if (a.indexOf('c') > 0 && i + 1 < args.size()) {
          return nested(ShellParser.parse(args.get(i + 1).literal()), prefix, trace || xtrace, out, stdin);
        }
        if (a.equals("-o") && i + 1 < args.size() && args.get(i + 1).literal().equals("xtrace")) {
          trace = true;
          i++;
        }
      } else {
        return null; // sh script.sh: its content is unknown
      }
    }
    return null;
  }

  private SecretSource nested(Script script, Map<String, SecretSource> prefix, boolean trace, Out out,
      SecretSource stdin) {
    Map<String, SecretSource> inner = new HashMap<>(vars);
    inner.putAll(prefix);
    SecretFlow child = new SecretFlow(new Secrets(secrets.files(), inner, secrets.heredocs()), cwd, trace, home);
    SecretSource captured = child.script(script, out, stdin);
    events.addAll(child.events);
    return captured;
  }

  private SecretSource xargs(List<ShellWord> args, SecretSource stdin, Out out) {
    if (stdin == null) {
      return null;
    }
    int i = 0;
    while (i < args.size() && args.get(i).literal().startsWith("-")) {
      String a = args.get(i).literal();
      i += (a.equals("-I") || a.equals("-n") || a.equals("-d") || a.equals("-L") || a.equals("-P")) ? 2 : 1;
    }
    if (i >= args.size()) {
      return stdin; // xargs alone runs echo
    }
    List<ShellWord> inner = new ArrayList<>(args.subList(i, args.size()));
    String marker = "__stowage_xargs_input";
    inner.add(new ShellWord("$" + marker, "$" + marker, List.of(new ShellWord.VariableRef(marker, true)), List.of()));
    SecretSource previous = vars.put(marker, stdin);
    SecretSource result = command(new Command(List.of(), inner, List.of()), null, out);
    if (previous == null) {
      vars.remove(marker);
    }
    return result;
  }

  /** Tools that store a credential given to them in a file of the layer. */
  private void configWriter(String name, List<ShellWord> args, Map<ShellWord, SecretSource> taint,
      SecretSource stdin) {
    List<String> a = args.stream().map(ShellWord::literal).toList();
    SecretSource secret = firstTainted(args, taint);
    String file = null;
    switch (name) {
      case "npm", "pnpm" -> {
        if (!a.isEmpty() && (a.getFirst().equals("set") || a.size() > 1 && a.get(0).equals("config")
            && a.get(1).equals("set"))) {
          boolean project = a.contains("--location=project") || a.contains("project") && a.contains("-L");
          file = project ? resolve(".npmrc") : home + "/.npmrc";
        }
      }
      case "yarn" -> {
        if (a.size() > 1 && a.get(0).equals("config") && a.get(1).equals("set")) {
          file = home + "/.yarnrc";
        }
      }
      case "git" -> {
        int sub = firstNonOption(a);
        if (sub >= 0 && a.get(sub).equals("config")) {
          file = a.contains("--global") ? home + "/.gitconfig"
              : a.contains("--system") ? "/etc/gitconfig" : resolve(".git/config");
        } else if (sub >= 0 && a.get(sub).equals("clone")) {
          List<String> operands = a.subList(sub + 1, a.size()).stream().filter(x -> !x.startsWith("-")).toList();
          if (!operands.isEmpty() && operands.getFirst().contains("@") && secret != null) {
            String url = operands.getFirst();
            String dir = operands.size() > 1 ? operands.get(1) : baseName(url).replaceFirst("\\.git$", "");
            file = resolve(dir + "/.git/config");
          }
        }
      }
      case "docker", "podman", "buildah", "skopeo", "helm" -> {
        if (a.contains("login")) {
          if (secret == null && a.contains("--password-stdin")) {
            secret = stdin;
          }
          file = name.equals("docker") ? home + "/.docker/config.json" : home + "/.config/containers/auth.json";
        }
      }
      case "aws" -> {
        if (a.size() > 1 && a.get(0).equals("configure") && a.get(1).equals("set")) {
          file = home + "/.aws/credentials";
        }
      }
      case "pip", "pip3" -> {
        if (a.size() > 1 && a.get(0).equals("config") && a.get(1).equals("set")) {
          file = home + "/.config/pip/pip.conf";
        }
      }
      case "gh" -> {
        if (a.size() > 1 && a.get(0).equals("auth") && a.get(1).equals("login")) {
          if (secret == null && a.contains("--with-token")) {
            secret = stdin;
          }
          file = home + "/.config/gh/hosts.yml";
        }
      }
      case "composer" -> {
        if (!a.isEmpty() && a.getFirst().equals("config")) {
          file = a.contains("-g") || a.contains("--global") ? home + "/.composer/auth.json" : resolve("auth.json");
        }
      }
      default -> {
        return;
      }
    }
    if (file != null && secret != null) {
      events.add(new Persisted(file, name + " " + String.join(" ", a.subList(0, Math.min(2, a.size()))), secret));
    }
  }

  // ---------------------------------------------------------------- helpers

  private SecretSource taintOf(ShellWord w) {
    SecretSource found = null;
    for (ShellWord.VariableRef v : w.variables()) {
      if (v.valueExpanded() && vars.containsKey(v.name()) && found == null) {
        found = vars.get(v.name());
      }
    }
    for (Script sub : w.substitutions()) {
      SecretSource t = script(sub, Out.CAPTURE, null);
      if (found == null) {
        found = t;
      }
    }
    return found;
  }

  private SecretSource heredocTaint(Heredoc doc) {
    if (!doc.expands()) {
      return null;
    }
    Matcher m = HEREDOC_VAR.matcher(doc.body());
    while (m.find()) {
      if (vars.containsKey(m.group(1))) {
        return vars.get(m.group(1));
      }
    }
    for (var entry : secrets.files().entrySet()) {
      if (doc.body().contains("$(cat " + entry.getKey()) || doc.body().contains("`cat " + entry.getKey())) {
        return entry.getValue();
      }
    }
    return null;
  }

  private void assign(String name, SecretSource t) {
    if (t != null) {
      vars.put(name, t);
    } else {
      vars.remove(name); // reassigned to something else: no longer the secret
    }
  }

  private SecretSource anyVariable() {
    return vars.values().stream().findFirst().orElse(null);
  }

  private static SecretSource firstTainted(List<ShellWord> args, Map<ShellWord, SecretSource> taint) {
    for (ShellWord a : args) {
      SecretSource t = taint.get(a);
      if (t != null) {
        return t;
      }
    }
    return null;
  }

  /** The secret file a word names (resolved against the current directory), or null. */
  private SecretSource fileRef(ShellWord w) {
    String literal = w.literal();
    if (literal.isEmpty() || literal.startsWith("-")) {
      int eq = literal.indexOf('=');
      if (!literal.startsWith("-") || eq < 0) {
        return null;
      }
      literal = literal.substring(eq + 1); // --file=/run/secrets/x
    }
    String path = resolve(literal);
    if (path == null) {
      return null;
    }
    for (var entry : secrets.files().entrySet()) {
      String key = entry.getKey();
      if (key.endsWith("/") ? (path + "/").startsWith(key) : path.equals(key)) {
        return entry.getValue();
      }
    }
    return null;
  }

  /** A path made absolute against the current directory and cleaned; the literal itself when that is impossible. */
  private String resolve(String literal) {
    if (literal.startsWith("~/")) {
      literal = home + literal.substring(1);
    }
    if (literal.startsWith("/")) {
      return PathPatterns.clean(literal);
    }
    if (cwd == null) {
      return literal;
    }
    return PathPatterns.clean(cwd + "/" + literal);
  }

  private int skipWrappers(List<ShellWord> words, Map<String, SecretSource> prefix, Map<ShellWord, SecretSource> taint) {
    int k = 0;
    while (k < words.size()) {
      String name = commandName(words.get(k).literal());
      if (WRAPPERS.contains(name)) {
        k++;
        while (k < words.size() && words.get(k).literal().startsWith("-")) {
          k++;
        }
      } else if (name.equals("sudo") || name.equals("gosu") || name.equals("su-exec") || name.equals("chroot")
          || name.equals("timeout")) {
        k++;
        while (k < words.size() && words.get(k).literal().startsWith("-")) {
          String opt = words.get(k).literal();
          k += (opt.equals("-u") || opt.equals("-g") || opt.equals("-s") || opt.equals("-k")) ? 2 : 1;
        }
        if (!name.equals("sudo") && k < words.size()) {
          k++; // the user, new root or duration
        }
      } else if (name.equals("env")) {
        int j = k + 1;
        while (j < words.size() && (words.get(j).literal().startsWith("-") || ShellParser.isAssignment(words.get(j)))) {
          ShellWord w = words.get(j);
          if (ShellParser.isAssignment(w) && taint.get(w) != null) {
            prefix.put(w.raw().substring(0, w.raw().indexOf('=')), taint.get(w));
          }
          j++;
        }
        if (j >= words.size()) {
          return k; // env alone prints the environment
        }
        k = j;
      } else {
        return k;
      }
    }
    return k;
  }

  private static String commandName(String word) {
    String base = word.substring(word.lastIndexOf('/') + 1);
    return base.toLowerCase(Locale.ROOT);
  }

  private static List<ShellWord> nonOptions(List<ShellWord> args) {
    return args.stream().filter(a -> !a.literal().startsWith("-") || a.literal().equals("-")).toList();
  }

  private static int firstNonOption(List<String> args) {
    for (int i = 0; i < args.size(); i++) {
      if (!args.get(i).startsWith("-")) {
        return i;
      }
      if (args.get(i).equals("-C") || args.get(i).equals("-c")) {
        i++;
      }
    }
    return -1;
  }

  private static String baseName(String path) {
    String p = path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
    return p.substring(p.lastIndexOf('/') + 1);
  }
}
