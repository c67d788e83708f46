package dev.stowage.dockerfile.parse;

import dev.stowage.dockerfile.ast.BindMount;
import dev.stowage.dockerfile.ast.CacheMount;
import dev.stowage.dockerfile.ast.Diagnostic;
import dev.stowage.dockerfile.ast.MountOption;
import dev.stowage.dockerfile.ast.MountSpec;
import dev.stowage.dockerfile.ast.MountType;
import dev.stowage.dockerfile.ast.SecretMount;
import dev.stowage.dockerfile.ast.SshMount;
import dev.stowage.dockerfile.ast.TmpfsMount;
import dev.stowage.dockerfile.ast.Word;
import dev.stowage.dockerfile.syntax.SourceRange;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Parses one {@code RUN --mount=} value (CSV fields) with the checks of BuildKit's
 * {@code instructions/commands_runmount.go}. Values that mention a variable are checked after expansion by the
 * planner; literal ones are checked here, so mistakes surface with a line and column before anything runs.
 */
final class MountParser {
  private static final List<String> ALL_KEYS = List.of("type", "from", "source", "target", "readonly", "id",
      "sharing", "required", "mode", "uid", "gid", "src", "dst", "destination", "ro", "rw", "readwrite", "size",
      "env");
  private static final Set<String> BOOLS = Set.of("1", "t", "T", "TRUE", "true", "True", "0", "f", "F", "FALSE",
      "false", "False");
  private static final Pattern RAM_SIZE =
      Pattern.compile("^[0-9]+(\\.[0-9]+)?\\s*([kKmMgGtTpP])?[iI]?[bB]?$");
  private static final Pattern OCTAL = Pattern.compile("^[0-7]{1,11}$");
  private static final Pattern DECIMAL = Pattern.compile("^[0-9]{1,10}$");

  private final LogicalLine line;
  private final List<Diagnostic> warnings;

  MountParser(LogicalLine line, List<Diagnostic> warnings) {
    this.line = line;
    this.warnings = warnings;
  }

  /** One CSV field with its offsets in the logical line. */
  private record Field(String text, int start, int end) {}

  /** Parses a flag value that starts at {@code base} in the logical line. */
  MountSpec parse(Word value, int base) {
    SourceRange whole = value.range();
    List<Field> fields = csv(value.raw(), base, whole);
    List<MountOption> options = new ArrayList<>();
    Map<String, Word> values = new LinkedHashMap<>(); // canonical key -> value
    Map<String, SourceRange> where = new LinkedHashMap<>();
    MountType type = MountType.BIND;
    Optional<Boolean> readOnly = Optional.empty();
    Optional<Boolean> required = Optional.empty();
    // The type decides which keys are valid, so find it first (BuildKit's order-dependence is not copied).
    for (Field f : fields) {
      int eq = f.text.indexOf('=');
      if (eq > 0 && f.text.substring(0, eq).toLowerCase(Locale.ROOT).equals("type")) {
        String t = f.text.substring(eq + 1);
        SourceRange r = line.range(f.start, f.end);
        if (t.indexOf('$') >= 0) {
          throw new ParseProblem("the mount type must be written literally, not \"" + t + "\"", r,
              "use one of type=" + String.join("|", typeNames()));
        }
        type = MountType.lookup(t).orElseThrow(() -> new ParseProblem("unsupported mount type \"" + t + "\"", r,
            Suggestions.closest(t, typeNames(), false).map(s -> "did you mean type=" + s + "?")
                .orElse("use one of type=" + String.join("|", typeNames()))));
      }
    }
    for (Field f : fields) {
      SourceRange r = line.range(f.start, f.end);
      int eq = f.text.indexOf('=');
      String rawKey = eq < 0 ? f.text : f.text.substring(0, eq);
      String key = rawKey.toLowerCase(Locale.ROOT);
      options.add(new MountOption(rawKey, eq < 0 ? Optional.empty() : Optional.of(f.text.substring(eq + 1)), r));
      if (eq < 0) {
        switch (key) {
          case "readonly", "ro" -> readOnly = Optional.of(true);
          case "readwrite", "rw" -> readOnly = Optional.of(false);
          case "required" -> {
            requireType(key, type, r, MountType.SECRET, MountType.SSH);
            required = Optional.of(true);
          }
          default -> throw new ParseProblem("invalid field '" + f.text + "' must be a key=value pair", r,
              hintForKey(key, "write " + f.text + "=<value>"));
        }
        continue;
      }
      String v = f.text.substring(eq + 1);
      Word w = new Word(v, line.range(Math.min(f.start + eq + 1, f.end), f.end));
      boolean literal = v.indexOf('$') < 0;
      switch (key) {
        case "type" -> { }
        case "from" -> {
          if (Pattern.compile("\\$.").matcher(v).find()) {
            throw new ParseProblem("'from' doesn't support variable expansion, define alias stage instead", r,
                "add a stage 'FROM " + v + " AS <name>' and use from=<name>");
          }
          put(values, where, "from", w, r);
        }
        case "source", "src" -> put(values, where, "source", w, r);
        case "target", "dst", "destination" -> put(values, where, "target", w, r);
        case "readonly", "ro" -> readOnly = Optional.of(parseBool(key, v, r));
        case "readwrite", "rw" -> readOnly = Optional.of(!parseBool(key, v, r));
        case "required" -> {
          requireType(key, type, r, MountType.SECRET, MountType.SSH);
          required = Optional.of(parseBool(key, v, r));
        }
        case "size" -> {
          requireType(key, type, r, MountType.TMPFS);
          if (literal && !RAM_SIZE.matcher(v).matches()) {
            throw new ParseProblem("invalid value for size: " + v, r, "use a size such as 64m, 1g or 512k");
          }
          put(values, where, "size", w, r);
        }
        case "id" -> put(values, where, "id", w, r);
        case "env" -> {
          requireType(key, type, r, MountType.SECRET);
          put(values, where, "env", w, r);
        }
        case "sharing" -> {
          if (literal && !Set.of("shared", "private", "locked").contains(v.toLowerCase(Locale.ROOT))) {
            throw new ParseProblem("unsupported sharing value \"" + v + "\"", r,
                Suggestions.closest(v, List.of("shared", "private", "locked"), false)
                    .map(s -> "did you mean sharing=" + s + "?").orElse("use sharing=shared|private|locked"));
          }
          put(values, where, "sharing", w, r);
        }
        case "mode" -> {
          if (literal && !OCTAL.matcher(v).matches()) {
            throw new ParseProblem("invalid value " + v + " for mode", r, "use an octal mode such as 0400");
          }
          put(values, where, "mode", w, r);
        }
        case "uid", "gid" -> {
          if (literal && (!DECIMAL.matcher(v).matches() || Long.parseLong(v) > 0xFFFFFFFFL)) {
            throw new ParseProblem("invalid value " + v + " for " + key, r, "use a numeric " + key + " such as 1000");
          }
          put(values, where, key, w, r);
        }
        default -> throw new ParseProblem("unexpected key '" + rawKey + "' in '" + f.text + "'", r,
            hintForKey(key, "valid keys: " + String.join(", ", ALL_KEYS)));
      }
    }
    return build(type, whole, options, values, where, readOnly, required);
  }

  private MountSpec build(MountType type, SourceRange whole, List<MountOption> options, Map<String, Word> values,
      Map<String, SourceRange> where, Optional<Boolean> readOnly, Optional<Boolean> required) {
    Optional<Word> target = Optional.ofNullable(values.get("target"));
    if ((type == MountType.BIND || type == MountType.TMPFS) && (values.containsKey("mode")
        || values.containsKey("uid") || values.containsKey("gid"))) {
      String key = values.containsKey("mode") ? "mode" : values.containsKey("uid") ? "uid" : "gid";
      throw new ParseProblem(key + " not allowed for \"" + type.text() + "\" type mounts", where.get(key),
          "mode, uid and gid apply to secret, ssh and cache mounts only");
    }
    if (values.containsKey("sharing") && type != MountType.CACHE) {
      throw new ParseProblem("invalid cache sharing set for " + type.text() + " mount", where.get("sharing"),
          "sharing= applies to type=cache only");
    }
    if (type != MountType.SECRET && type != MountType.SSH && target.isEmpty()) {
      throw new ParseProblem("mount type=" + type.text() + " needs a target", whole,
          "add target=<path in the container>");
    }
    return switch (type) {
      case SECRET -> {
        if (values.containsKey("from")) {
          throw new ParseProblem("secret mount should not have a from", where.get("from"),
              "secrets come from the build's --secret options, not from a stage");
        }
        if (!values.containsKey("source") && !values.containsKey("id") && target.isEmpty()
            && !values.containsKey("env")) {
          throw new ParseProblem("invalid secret mount: one of id, source, target or env is required", whole,
              "name the secret, e.g. --mount=type=secret,id=mytoken");
        }
        if (values.containsKey("source") && values.containsKey("id")) {
          throw new ParseProblem("both source and id can't be set", where.get("source"),
              "keep id= and drop source= (they mean the same for secrets)");
        }
        ignored(type, values, where, "size");
        yield new SecretMount(whole, options, opt(values, "id"), opt(values, "source"), target, opt(values, "env"),
            required, opt(values, "mode"), opt(values, "uid"), opt(values, "gid"), readOnly);
      }
      case SSH -> {
        ignored(type, values, where, "from", "source");
        yield new SshMount(whole, options, opt(values, "id"), target, required, opt(values, "mode"),
            opt(values, "uid"), opt(values, "gid"), readOnly);
      }
      case CACHE -> new CacheMount(whole, options, target, opt(values, "id"), opt(values, "from"),
          opt(values, "source"), readOnly, opt(values, "sharing"), opt(values, "mode"), opt(values, "uid"),
          opt(values, "gid"));
      case BIND -> {
        ignored(type, values, where, "id");
        yield new BindMount(whole, options, target, opt(values, "source"), opt(values, "from"), readOnly);
      }
      case TMPFS -> {
        ignored(type, values, where, "id", "from", "source");
        if (readOnly.isPresent()) {
          warnings.add(new Diagnostic("MountOptionIgnored", "read-only option has no effect on a tmpfs mount",
              whole));
        }
        yield new TmpfsMount(whole, options, target, opt(values, "size"));
      }
    };
  }

  private void ignored(MountType type, Map<String, Word> values, Map<String, SourceRange> where, String... keys) {
    for (String key : keys) {
      if (values.containsKey(key)) {
        warnings.add(new Diagnostic("MountOptionIgnored",
            "option '" + key + "' has no effect on a " + type.text() + " mount", where.get(key)));
      }
    }
  }

  private static Optional<Word> opt(Map<String, Word> values, String key) {
    return Optional.ofNullable(values.get(key));
  }

  private static void put(Map<String, Word> values, Map<String, SourceRange> where, String key, Word w,
      SourceRange r) {
    values.put(key, w); // a repeated key keeps the last value, as BuildKit does
    where.put(key, r);
  }

  private static void requireType(String key, MountType type, SourceRange r, MountType... allowed) {
    if (!Arrays.asList(allowed).contains(type)) {
      throw new ParseProblem("unexpected key '" + key + "' for mount type '" + type.text() + "'", r,
          key + " applies to type=" + String.join("|", Arrays.stream(allowed).map(MountType::text).toList())
              + " only");
    }
  }

  private static boolean parseBool(String key, String v, SourceRange r) {
    if (!BOOLS.contains(v)) {
      throw new ParseProblem("invalid value for " + key + ": " + v, r, "use " + key + "=true or " + key + "=false");
    }
    return v.equalsIgnoreCase("true") || v.equals("1") || v.equalsIgnoreCase("t");
  }

  private static String hintForKey(String key, String fallback) {
    return Suggestions.closest(key, ALL_KEYS, false).filter(s -> !s.equals(key)).map(s -> "did you mean " + s + "?")
        .orElse(fallback);
  }

  private static List<String> typeNames() {
    return Arrays.stream(MountType.values()).map(MountType::text).toList();
  }

  /**
   * Go's {@code encoding/csv} reading of one record: comma-separated, a field may be double-quoted with
   * {@code ""} for a quote, a bare quote in an unquoted field is an error.
   */
  private List<Field> csv(String text, int base, SourceRange whole) {
    List<Field> out = new ArrayList<>();
    int i = 0;
    int n = text.length();
    while (true) {
      int start = i;
      StringBuilder field = new StringBuilder();
      if (i < n && text.charAt(i) == '"') {
        i++;
        while (true) {
          if (i >= n) {
            throw new ParseProblem("failed to parse csv mounts: extraneous or missing \" in quoted-field", whole);
          }
          char c = text.charAt(i);
          if (c == '"') {
            if (i + 1 < n && text.charAt(i + 1) == '"') {
              field.append('"');
              i += 2;
              continue;
            }
            i++;
            break;
          }
          field.append(c);
          i++;
        }
        if (i < n && text.charAt(i) != ',') {
          throw new ParseProblem("failed to parse csv mounts: extraneous or missing \" in quoted-field",
              line.range(base + i, base + i + 1));
        }
      } else {
        while (i < n && text.charAt(i) != ',') {
          if (text.charAt(i) == '"') {
            throw new ParseProblem("failed to parse csv mounts: bare \" in non-quoted-field",
                line.range(base + i, base + i + 1), "quote the whole field: \"key=value\"");
          }
          field.append(text.charAt(i));
          i++;
        }
      }
      out.add(new Field(field.toString(), base + start, base + i));
      if (i >= n) {
        return out;
      }
      i++; // the comma
    }
  }
}
