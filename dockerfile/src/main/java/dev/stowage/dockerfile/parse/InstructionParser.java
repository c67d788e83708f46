package dev.stowage.dockerfile.parse;

import dev.stowage.dockerfile.ast.Add;
import dev.stowage.dockerfile.ast.Arg;
import dev.stowage.dockerfile.ast.ArgDecl;
import dev.stowage.dockerfile.ast.Cmd;
import dev.stowage.dockerfile.ast.CommandForm;
import dev.stowage.dockerfile.ast.Copy;
import dev.stowage.dockerfile.ast.Diagnostic;
import dev.stowage.dockerfile.ast.Entrypoint;
import dev.stowage.dockerfile.ast.Env;
import dev.stowage.dockerfile.ast.ExecForm;
import dev.stowage.dockerfile.ast.Expose;
import dev.stowage.dockerfile.ast.Flag;
import dev.stowage.dockerfile.ast.From;
import dev.stowage.dockerfile.ast.GoDuration;
import dev.stowage.dockerfile.ast.Healthcheck;
import dev.stowage.dockerfile.ast.HealthcheckOptions;
import dev.stowage.dockerfile.ast.Heredoc;
import dev.stowage.dockerfile.ast.Instruction;
import dev.stowage.dockerfile.ast.KeyValue;
import dev.stowage.dockerfile.ast.Keyword;
import dev.stowage.dockerfile.ast.Label;
import dev.stowage.dockerfile.ast.Maintainer;
import dev.stowage.dockerfile.ast.MountSpec;
import dev.stowage.dockerfile.ast.NetworkMode;
import dev.stowage.dockerfile.ast.Onbuild;
import dev.stowage.dockerfile.ast.Origin;
import dev.stowage.dockerfile.ast.Run;
import dev.stowage.dockerfile.ast.SecurityMode;
import dev.stowage.dockerfile.ast.Shell;
import dev.stowage.dockerfile.ast.ShellForm;
import dev.stowage.dockerfile.ast.StopSignal;
import dev.stowage.dockerfile.ast.User;
import dev.stowage.dockerfile.ast.Volume;
import dev.stowage.dockerfile.ast.Word;
import dev.stowage.dockerfile.ast.Workdir;
import dev.stowage.dockerfile.expand.GoChars;
import dev.stowage.dockerfile.syntax.SourceRange;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Turns one logical line into a typed instruction, one small method per keyword (after BuildKit's
 * {@code parser/line_parsers.go} and {@code instructions/parse.go}).
 */
final class InstructionParser {
  private static final Pattern STAGE_NAME = Pattern.compile("^[a-z][a-z0-9-_.]*$");
  private static final Pattern PORT = Pattern.compile("^([0-9]{1,5})(-([0-9]{1,5}))?(/([A-Za-z]+))?$");

  private final LogicalLine line;
  private final String text;
  private final char escape;
  private final List<Diagnostic> warnings;

  InstructionParser(LogicalLine line, char escape, List<Diagnostic> warnings) {
    this.line = line;
    this.text = line.text();
    this.escape = escape;
    this.warnings = warnings;
  }

  /** The keyword, flags and argument text of an instruction within [from, to) of the logical line. */
  record Head(String keyword, int keywordStart, int keywordEnd, List<RawFlag> flags, int argsStart, int argsEnd,
      int start, int end) {}

  static boolean isSplitSpace(char c) {
    return c == ' ' || c == '\t' || c == '\u000B' || c == '\f' || c == '\r';
  }

  static Head split(String text, int from, int to) {
    int s = from;
    int e = to;
    while (s < e && GoChars.isSpace(text.charAt(s))) {
      s++;
    }
    while (e > s && GoChars.isSpace(text.charAt(e - 1))) {
      e--;
    }
    int k = s;
    while (k < e && !isSplitSpace(text.charAt(k))) {
      k++;
    }
    int rest = k;
    while (rest < e && isSplitSpace(text.charAt(rest))) {
      rest++;
    }
    List<RawFlag> flags = new ArrayList<>();
    int argsStart = extractFlags(text, rest, e, flags);
    while (argsStart < e && GoChars.isSpace(text.charAt(argsStart))) {
      argsStart++;
    }
    return new Head(text.substring(s, k), s, k, flags, Math.min(argsStart, e), e, s, e);
  }

  /** BuildKit's extractBuilderFlags: leading {@code --words} (quotes removed), up to a bare {@code --}. */
  private static int extractFlags(String text, int from, int to, List<RawFlag> out) {
    final int inSpaces = 0;
    final int inWord = 1;
    final int inQuote = 2;
    int phase = inSpaces;
    StringBuilder word = new StringBuilder();
    char quote = 0;
    boolean blankOk = false;
    int wordStart = from;
    for (int pos = from; pos <= to; pos++) {
      char ch = pos != to ? text.charAt(pos) : 0;
      if (phase == inSpaces) {
        if (pos == to) {
          break;
        }
        if (GoChars.isSpace(ch)) {
          continue;
        }
        if (ch != '-' || pos + 1 == to || text.charAt(pos + 1) != '-') {
          return pos;
        }
        phase = inWord;
        wordStart = pos;
      }
      if ((phase == inWord || phase == inQuote) && pos == to) {
        if (!word.toString().equals("--") && (blankOk || !word.isEmpty())) {
          out.add(toFlag(text, word.toString(), wordStart, pos));
        }
        break;
      }
      if (phase == inWord) {
        if (GoChars.isSpace(ch)) {
          phase = inSpaces;
          if (word.toString().equals("--")) {
            return pos;
          }
          if (blankOk || !word.isEmpty()) {
            out.add(toFlag(text, word.toString(), wordStart, pos));
          }
          word.setLength(0);
          blankOk = false;
          continue;
        }
        if (ch == '\'' || ch == '"') {
          quote = ch;
          blankOk = true;
          phase = inQuote;
          continue;
        }
        if (ch == '\\') {
          if (pos + 1 == to) {
            continue;
          }
          pos++;
          ch = text.charAt(pos);
        }
        word.append(ch);
        continue;
      }
      if (ch == quote) {
        phase = inWord;
        continue;
      }
      if (ch == '\\') {
        if (pos + 1 == to) {
          phase = inWord;
          continue;
        }
        pos++;
        ch = text.charAt(pos);
      }
      word.append(ch);
    }
    return to;
  }

  private static RawFlag toFlag(String text, String word, int start, int end) {
    String body = word.substring(2);
    int eq = body.indexOf('=');
    int rawEq = text.indexOf('=', start);
    int valueStart = rawEq >= 0 && rawEq < end ? rawEq + 1 : end;
    if (valueStart < end && (text.charAt(valueStart) == '"' || text.charAt(valueStart) == '\'')) {
      valueStart++; // --flag="value": positions point into the quoted text
    }
    if (eq < 0) {
      return new RawFlag(body, Optional.empty(), start, end, end);
    }
    return new RawFlag(body.substring(0, eq), Optional.of(body.substring(eq + 1)), start, end, valueStart);
  }

  // ---------------------------------------------------------------------------------------------------------

  /**
   * Parses the instruction in [from, to) of the line.
   *
   * @param range the instruction's full source range (heredoc bodies included)
   */
  Instruction parse(int from, int to, SourceRange range, List<String> comments, List<Heredoc> heredocs) {
    Head head = split(text, from, to);
    Keyword keyword = keywordOf(head);
    List<Flag> flags = head.flags().stream()
        .map(f -> new Flag(f.name(), f.value(), line.range(f.start(), f.end()))).toList();
    Origin origin = new Origin(range, text.substring(head.start(), head.end()), head.keyword(), flags, comments);
    FlagSet fs = new FlagSet(keyword.name(), line, head.flags());
    Args args = new Args(head.argsStart(), head.argsEnd());
    return switch (keyword) {
      case FROM -> from(origin, fs, args);
      case ARG -> arg(origin, fs, args);
      case ENV -> new Env(origin, keyValues("ENV", fs, args));
      case LABEL -> new Label(origin, keyValues("LABEL", fs, args));
      case WORKDIR -> new Workdir(origin, single("WORKDIR", fs, args));
      case USER -> new User(origin, single("USER", fs, args));
      case STOPSIGNAL -> new StopSignal(origin, single("STOPSIGNAL", fs, args));
      case MAINTAINER -> new Maintainer(origin, single("MAINTAINER", fs, args).raw());
      case RUN -> run(origin, fs, args, heredocs);
      case CMD -> {
        fs.parse();
        yield new Cmd(origin, commandForm("CMD", args));
      }
      case ENTRYPOINT -> {
        fs.parse();
        yield new Entrypoint(origin, commandForm("ENTRYPOINT", args));
      }
      case SHELL -> shell(origin, fs, args);
      case EXPOSE -> expose(origin, fs, args);
      case VOLUME -> volume(origin, fs, args);
      case HEALTHCHECK -> healthcheck(origin, fs, args);
      case COPY -> copy(origin, fs, args, heredocs);
      case ADD -> add(origin, fs, args, heredocs);
      case ONBUILD -> onbuild(origin, fs, args, range, heredocs);
    };
  }

  private Keyword keywordOf(Head head) {
    Optional<Keyword> keyword = Keyword.lookup(head.keyword());
    if (keyword.isPresent()) {
      return keyword.get();
    }
    SourceRange where = line.range(head.keywordStart(), head.keywordEnd());
    List<String> names = Arrays.stream(Keyword.values()).map(Keyword::name).toList();
    Optional<String> suggestion = Suggestions.closest(head.keyword(), names, false);
    throw new ParseProblem("unknown instruction: " + head.keyword(), where,
        suggestion.map(s -> "did you mean " + s + "?").orElse(null));
  }

  /** A word and the offset in the logical line where its raw text starts (raw text is a verbatim slice). */
  private record Located(Word word, int offset) {
    String raw() {
      return word.raw();
    }
  }

  /** The argument text region [start, end) of the logical line, trimmed. */
  private final class Args {
    final int start;
    final int end;

    Args(int start, int end) {
      this.start = start;
      this.end = Math.max(start, end);
    }

    boolean isEmpty() {
      return start >= end;
    }

    String str() {
      return text.substring(start, end);
    }

    SourceRange range() {
      return line.range(start, end);
    }

    Word whole() {
      return new Word(str(), range());
    }

    /** Split on runs of blanks (BuildKit's parseStringsWhitespaceDelimited: no quote handling). */
    List<Word> whitespaceSplit() {
      List<Word> out = new ArrayList<>();
      int i = start;
      while (i < end) {
        int j = i;
        while (j < end && !isSplitSpace(text.charAt(j))) {
          j++;
        }
        out.add(new Word(text.substring(i, j), line.range(i, j)));
        while (j < end && isSplitSpace(text.charAt(j))) {
          j++;
        }
        i = j;
      }
      return out;
    }

    /** BuildKit's parseWords: split on white space outside quotes; quotes and escapes stay in the words. */
    List<Located> words() {
      List<Located> out = new ArrayList<>();
      final int inSpaces = 0;
      final int inWord = 1;
      final int inQuote = 2;
      int phase = inSpaces;
      StringBuilder word = new StringBuilder();
      char quote = 0;
      boolean blankOk = false;
      int wordStart = start;
      for (int pos = start; pos <= end; pos++) {
        char ch = pos != end ? text.charAt(pos) : 0;
        if (phase == inSpaces) {
          if (pos == end) {
            break;
          }
          if (GoChars.isSpace(ch)) {
            continue;
          }
          phase = inWord;
          wordStart = pos;
        }
        if ((phase == inWord || phase == inQuote) && pos == end) {
          if (blankOk || !word.isEmpty()) {
            out.add(new Located(new Word(word.toString(), line.range(wordStart, pos)), wordStart));
          }
          break;
        }
        if (phase == inWord) {
          if (GoChars.isSpace(ch)) {
            phase = inSpaces;
            if (blankOk || !word.isEmpty()) {
              out.add(new Located(new Word(word.toString(), line.range(wordStart, pos)), wordStart));
            }
            word.setLength(0);
            blankOk = false;
            continue;
          }
          if (ch == '\'' || ch == '"') {
            quote = ch;
            blankOk = true;
            phase = inQuote;
          }
          if (ch == escape) {
            if (pos + 1 == end) {
              continue;
            }
            word.append(ch);
            pos++;
            ch = text.charAt(pos);
          }
          word.append(ch);
          continue;
        }
        if (ch == quote) {
          phase = inWord;
        }
        if (ch == escape && quote != '\'') {
          if (pos + 1 == end) {
            phase = inWord;
            continue;
          }
          pos++;
          word.append(ch);
          ch = text.charAt(pos);
        }
        word.append(ch);
      }
      return out;
    }

    /** The JSON array reading of the arguments, or null when they are not a valid JSON array of strings. */
    ExecForm json(String instruction) {
      if (isEmpty() || text.charAt(start) != '[') {
        return null;
      }
      JsonArray.Result result = JsonArray.parse(str(), 0);
      if (result instanceof JsonArray.NotStrings notStrings) {
        throw new ParseProblem("when using JSON array syntax, arrays must be comprised of strings only",
            line.range(start + notStrings.offset(), start + notStrings.offset() + 1),
            "quote every element, e.g. " + instruction + " [\"8080\"]");
      }
      if (result instanceof JsonArray.Strings strings) {
        List<Word> words = strings.elements().stream()
            .map(e -> new Word(e.value(), line.range(start + e.start(), start + e.end()))).toList();
        return new ExecForm(words, range());
      }
      warnings.add(new Diagnostic("InvalidJsonForm", instruction + " arguments start with '[' but are not a valid"
          + " JSON array of strings, so they are used in shell form", range()));
      return null;
    }
  }

  // --- one method per keyword ---------------------------------------------------------------------------

  private From from(Origin origin, FlagSet fs, Args args) {
    List<Word> words = args.whitespaceSplit();
    boolean withName = words.size() == 3 && words.get(1).raw().equalsIgnoreCase("as");
    if (!withName && words.size() != 1) {
      throw new ParseProblem("FROM requires either one or three arguments", args.isEmpty() ? origin.range()
          : args.range(), "write FROM <image> [AS <name>]");
    }
    fs.string("platform").parse();
    Optional<Word> name = Optional.empty();
    if (withName) {
      Word stage = words.get(2);
      if (!STAGE_NAME.matcher(stage.raw().toLowerCase(Locale.ROOT)).matches()) {
        throw new ParseProblem("invalid name for build stage: \"" + stage.raw()
            + "\", name can't start with a number or contain symbols", stage.range(),
            "use letters, digits, '-', '_' and '.', starting with a letter");
      }
      name = Optional.of(stage);
    }
    return new From(origin, words.get(0), fs.stringValue("platform"),
        withName ? Optional.of(words.get(1)) : Optional.empty(), name);
  }

  private Arg arg(Origin origin, FlagSet fs, Args args) {
    fs.parse();
    List<Located> words = args.words();
    if (words.isEmpty()) {
      throw new ParseProblem("ARG requires at least one argument", origin.range(), "write ARG <name>[=<default>]");
    }
    List<ArgDecl> decls = new ArrayList<>();
    for (Located w : words) {
      int eq = w.raw().indexOf('=');
      if (eq < 0) {
        decls.add(new ArgDecl(w.raw(), Optional.empty(), w.word().range()));
        continue;
      }
      if (eq == 0) {
        throw new ParseProblem("ARG names can not be blank", w.word().range(), "write ARG <name>=<default>");
      }
      Word value = sub(w, eq + 1, w.raw().length());
      decls.add(new ArgDecl(w.raw().substring(0, eq), Optional.of(value), w.word().range()));
    }
    return new Arg(origin, decls);
  }

  /** The part [from, to) of a word, as a word with its own range. */
  private Word sub(Located w, int from, int to) {
    return new Word(w.raw().substring(from, to), line.range(w.offset() + from, w.offset() + to));
  }

  private List<KeyValue> keyValues(String instruction, FlagSet fs, Args args) {
    fs.parse();
    List<Located> words = args.words();
    if (words.isEmpty()) {
      throw new ParseProblem(instruction + " requires at least one argument", args.isEmpty()
          ? line.range(0, text.length()) : args.range(), "write " + instruction + " <key>=<value> ...");
    }
    if (words.get(0).raw().indexOf('=') < 0) {
      // legacy form: KEY name value..., the value is the rest of the line
      int i = args.start;
      while (i < args.end && !isSplitSpace(text.charAt(i))) {
        i++;
      }
      int valueStart = i;
      while (valueStart < args.end && isSplitSpace(text.charAt(valueStart))) {
        valueStart++;
      }
      if (i >= args.end) {
        throw new ParseProblem(instruction + " must have two arguments", args.range(),
            "write " + instruction + " " + text.substring(args.start, i) + "=<value>");
      }
      Word key = new Word(text.substring(args.start, i), line.range(args.start, i));
      Word value = new Word(text.substring(valueStart, args.end), line.range(valueStart, args.end));
      return List.of(new KeyValue(key, value, false));
    }
    List<KeyValue> pairs = new ArrayList<>();
    for (Located w : words) {
      int eq = w.raw().indexOf('=');
      if (eq < 0) {
        throw new ParseProblem("Syntax error - can't find = in \"" + w.raw()
            + "\". Must be of the form: name=value", w.word().range(), "write " + w.raw() + "=<value>, or quote a value"
            + " that contains spaces");
      }
      if (eq == 0) {
        throw new ParseProblem(instruction + " names can not be blank", w.word().range(), null);
      }
      pairs.add(new KeyValue(sub(w, 0, eq), sub(w, eq + 1, w.raw().length()), true));
    }
    return pairs;
  }

  private Word single(String instruction, FlagSet fs, Args args) {
    if (args.isEmpty()) {
      throw new ParseProblem(instruction + " requires exactly one argument", line.range(0, text.length()),
          "write " + instruction + " <value>");
    }
    fs.parse();
    return args.whole();
  }

  private CommandForm commandForm(String instruction, Args args) {
    if (args.isEmpty()) {
      return new ShellForm("", args.range());
    }
    ExecForm exec = args.json(instruction);
    return exec != null ? exec : new ShellForm(args.str(), args.range());
  }

  private Run run(Origin origin, FlagSet fs, Args args, List<Heredoc> heredocs) {
    fs.strings("mount").string("network").string("security").parse();
    List<MountSpec> mounts = new ArrayList<>();
    MountParser mountParser = new MountParser(line, warnings);
    for (RawFlag raw : fs.raw("mount")) {
      mounts.add(mountParser.parse(fs.valueWord(raw), Math.min(raw.valueStart(), raw.end())));
    }
    Optional<NetworkMode> network = fs.stringValue("network").map(w -> enumValue(w, "network",
        List.of("default", "none", "host"), NetworkMode.class));
    Optional<SecurityMode> security = fs.stringValue("security").map(w -> enumValue(w, "security",
        List.of("insecure", "sandbox"), SecurityMode.class));
    if (args.isEmpty() && heredocs.isEmpty()) {
      warnings.add(new Diagnostic("EmptyRun", "RUN has no command", origin.range()));
    }
    return new Run(origin, commandForm("RUN", args), mounts, network, security, heredocs);
  }

  private <E extends Enum<E>> E enumValue(Word w, String flag, List<String> allowed, Class<E> type) {
    String v = w.raw();
    if (!allowed.contains(v)) {
      throw new ParseProblem("unsupported " + flag + " mode \"" + v + "\"", w.range(),
          Suggestions.closest(v, allowed, true).map(s -> "did you mean --" + flag + "=" + s + "?")
              .orElse("use --" + flag + "=" + String.join("|", allowed)));
    }
    return Enum.valueOf(type, v.toUpperCase(Locale.ROOT));
  }

  private Shell shell(Origin origin, FlagSet fs, Args args) {
    fs.parse();
    ExecForm exec = args.isEmpty() ? null : args.json("SHELL");
    if (exec == null) {
      if (args.isEmpty()) {
        throw new ParseProblem("SHELL requires at least one argument", origin.range(),
            "write SHELL [\"/bin/sh\", \"-c\"]");
      }
      throw new ParseProblem("SHELL requires the arguments to be in JSON form", args.range(),
          "write SHELL [\"executable\", \"parameter\", ...]");
    }
    if (exec.args().isEmpty()) {
      throw new ParseProblem("SHELL requires at least one argument", args.range(),
          "write SHELL [\"/bin/sh\", \"-c\"]");
    }
    return new Shell(origin, exec.args());
  }

  private Expose expose(Origin origin, FlagSet fs, Args args) {
    List<Word> ports = args.whitespaceSplit();
    if (ports.isEmpty()) {
      throw new ParseProblem("EXPOSE requires at least one argument", origin.range(),
          "write EXPOSE <port>[/<protocol>] ...");
    }
    fs.parse();
    for (Word p : ports) {
      if (!p.mayExpand()) {
        checkPort(p);
      }
    }
    return new Expose(origin, ports);
  }

  private void checkPort(Word p) {
    var m = PORT.matcher(p.raw());
    String hint = "write EXPOSE 80, 80/tcp, 53/udp or 8000-8010/tcp";
    if (!m.matches()) {
      throw new ParseProblem("invalid port \"" + p.raw() + "\"", p.range(), hint);
    }
    int low = Integer.parseInt(m.group(1));
    int high = m.group(3) == null ? low : Integer.parseInt(m.group(3));
    if (low > 65535 || high > 65535 || high < low) {
      throw new ParseProblem("invalid port range \"" + p.raw() + "\"", p.range(), "ports are 0-65535, low-high");
    }
    if (m.group(5) != null && !List.of("tcp", "udp", "sctp").contains(m.group(5).toLowerCase(Locale.ROOT))) {
      throw new ParseProblem("invalid protocol \"" + m.group(5) + "\" in \"" + p.raw() + "\"", p.range(),
          "use tcp, udp or sctp");
    }
  }

  private Volume volume(Origin origin, FlagSet fs, Args args) {
    ExecForm exec = args.json("VOLUME");
    List<Word> paths = exec != null ? exec.args() : args.whitespaceSplit();
    if (paths.isEmpty()) {
      throw new ParseProblem("VOLUME requires at least one argument", origin.range(), "write VOLUME /path ...");
    }
    fs.parse();
    for (Word p : paths) {
      if (p.raw().strip().isEmpty()) {
        throw new ParseProblem("VOLUME specified can not be an empty string", p.range(), null);
      }
    }
    return new Volume(origin, paths, exec != null);
  }

  private Healthcheck healthcheck(Origin origin, FlagSet fs, Args args) {
    if (args.isEmpty()) {
      throw new ParseProblem("HEALTHCHECK requires at least one argument", origin.range(),
          "write HEALTHCHECK NONE or HEALTHCHECK [options] CMD <command>");
    }
    int sep = args.start;
    while (sep < args.end && !GoChars.isSpace(text.charAt(sep))) {
      sep++;
    }
    int next = sep;
    while (next < args.end && GoChars.isSpace(text.charAt(next))) {
      next++;
    }
    String type = text.substring(args.start, sep).toUpperCase(Locale.ROOT);
    Args rest = new Args(next, args.end);
    if (type.equals("NONE")) {
      if (!rest.isEmpty()) {
        throw new ParseProblem("HEALTHCHECK NONE takes no arguments", rest.range(), null);
      }
      if (!fs.raw("interval").isEmpty() || !origin.flags().isEmpty()) {
        warnings.add(new Diagnostic("HealthcheckFlagsIgnored", "flags of HEALTHCHECK NONE are ignored",
            origin.range()));
      }
      return new Healthcheck(origin, Optional.empty(), HealthcheckOptions.none());
    }
    fs.string("interval").string("timeout").string("start-period").string("start-interval").string("retries")
        .parse();
    if (!type.equals("CMD")) {
      throw new ParseProblem("Unknown type \"" + text.substring(args.start, sep) + "\" in HEALTHCHECK (try CMD)",
          line.range(args.start, sep), "write HEALTHCHECK [options] CMD <command> or HEALTHCHECK NONE");
    }
    CommandForm command = commandForm("HEALTHCHECK", rest);
    if (command instanceof ShellForm s && s.script().isEmpty()
        || command instanceof ExecForm e && e.args().isEmpty()) {
      throw new ParseProblem("Missing command after HEALTHCHECK CMD", line.range(args.start, sep),
          "write HEALTHCHECK CMD <command>");
    }
    HealthcheckOptions options = new HealthcheckOptions(duration(fs, "interval"), duration(fs, "timeout"),
        duration(fs, "start-period"), duration(fs, "start-interval"), retries(fs));
    return new Healthcheck(origin, Optional.of(command), options);
  }

  private Optional<Word> duration(FlagSet fs, String name) {
    Optional<Word> value = fs.stringValue(name);
    value.ifPresent(w -> {
      if (w.raw().isEmpty()) {
        return;
      }
      Duration d;
      try {
        d = GoDuration.parse(w.raw());
      } catch (IllegalArgumentException e) {
        throw new ParseProblem("invalid --" + name + ": " + e.getMessage(), w.range(), null);
      }
      if (!d.isZero() && d.compareTo(Duration.ofMillis(1)) < 0) {
        throw new ParseProblem("Interval \"" + name + "\" cannot be less than 1ms", w.range(), null);
      }
    });
    return value;
  }

  private Optional<Word> retries(FlagSet fs) {
    Optional<Word> value = fs.stringValue("retries");
    value.ifPresent(w -> {
      if (w.raw().isEmpty()) {
        return;
      }
      long n;
      try {
        n = Long.parseLong(w.raw());
      } catch (NumberFormatException e) {
        throw new ParseProblem("invalid --retries: \"" + w.raw() + "\" is not a whole number", w.range(), null);
      }
      if (n < 0) {
        throw new ParseProblem("--retries cannot be negative (" + n + ")", w.range(), null);
      }
      if (n > Integer.MAX_VALUE) {
        throw new ParseProblem("invalid --retries: " + n + " is too large", w.range(), null);
      }
    });
    return value;
  }

  /** Sources and destination of COPY/ADD, in JSON or whitespace form. */
  private record Transfer(List<Word> sources, Word destination, boolean json) {}

  private Transfer transfer(String instruction, Origin origin, Args args) {
    ExecForm exec = args.json(instruction);
    List<Word> all = exec != null ? exec.args() : args.whitespaceSplit();
    if (all.size() < 2) {
      throw new ParseProblem(instruction + " requires at least two arguments, but only " + (all.isEmpty() ? "none"
          : "one") + " was provided. Destination could not be determined",
          args.isEmpty() ? origin.range() : args.range(), "write " + instruction + " <source>... <destination>");
    }
    Word dest = all.get(all.size() - 1);
    if (exec == null && HeredocMarkers.parse(dest.raw()).isPresent()) {
      throw new ParseProblem(instruction + " cannot accept a heredoc as a destination", dest.range(),
          "heredocs are sources: " + instruction + " <<EOF /path/to/file");
    }
    return new Transfer(all.subList(0, all.size() - 1), dest, exec != null);
  }

  private Copy copy(Origin origin, FlagSet fs, Args args, List<Heredoc> heredocs) {
    Transfer t = transfer("COPY", origin, args);
    fs.strings("exclude").bool("parents").string("chown").string("from").string("chmod").bool("link").parse();
    return new Copy(origin, t.sources(), t.destination(), fs.stringValue("from"), fs.stringValue("chown"),
        fs.stringValue("chmod"), fs.bool("link", false), fs.bool("parents", false), fs.stringValues("exclude"),
        heredocs, t.json());
  }

  private Add add(Origin origin, FlagSet fs, Args args, List<Heredoc> heredocs) {
    Transfer t = transfer("ADD", origin, args);
    fs.strings("exclude").string("chown").string("chmod").bool("link").bool("keep-git-dir").string("checksum")
        .bool("unpack").parse();
    return new Add(origin, t.sources(), t.destination(), fs.stringValue("chown"), fs.stringValue("chmod"),
        fs.bool("link", false), fs.stringValues("exclude"), fs.stringValue("checksum"),
        fs.bool("keep-git-dir", false), fs.boolIfSet("unpack"), heredocs, t.json());
  }

  private Onbuild onbuild(Origin origin, FlagSet fs, Args args, SourceRange range, List<Heredoc> heredocs) {
    if (args.isEmpty()) {
      throw new ParseProblem("ONBUILD requires at least one argument", origin.range(),
          "write ONBUILD <instruction>, e.g. ONBUILD COPY . /app");
    }
    fs.parse();
    Head trigger = split(text, args.start, args.end);
    String upper = trigger.keyword().toUpperCase(Locale.ROOT);
    SourceRange where = line.range(trigger.keywordStart(), trigger.keywordEnd());
    if (upper.equals("ONBUILD")) {
      throw new ParseProblem("Chaining ONBUILD via `ONBUILD ONBUILD` isn't allowed", where, null);
    }
    if (upper.equals("MAINTAINER") || upper.equals("FROM")) {
      throw new ParseProblem(upper + " isn't allowed as an ONBUILD trigger", where, null);
    }
    SourceRange triggerRange = new SourceRange(line.pos(trigger.start()), range.end());
    Instruction parsed = parse(args.start, args.end, triggerRange, List.of(), heredocs);
    return new Onbuild(origin, parsed);
  }
}
