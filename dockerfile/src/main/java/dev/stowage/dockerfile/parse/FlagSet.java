package dev.stowage.dockerfile.parse;

import dev.stowage.dockerfile.ast.Word;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The flags one instruction accepts and the values written, with BuildKit's BFlags rules: a string flag needs
 * {@code =value}, a bool flag is {@code --f}, {@code --f=true} or {@code --f=false}, only list flags may repeat,
 * and an unknown flag is an error that suggests the nearest valid one.
 */
final class FlagSet {
  private enum Kind { BOOL, STRING, STRINGS }

  private final String instruction;
  private final LogicalLine line;
  private final List<RawFlag> written;
  private final Map<String, Kind> defined = new LinkedHashMap<>();
  private final Map<String, List<RawFlag>> used = new LinkedHashMap<>();

  FlagSet(String instruction, LogicalLine line, List<RawFlag> written) {
    this.instruction = instruction;
    this.line = line;
    this.written = written;
  }

  FlagSet bool(String name) {
    defined.put(name, Kind.BOOL);
    return this;
  }

  FlagSet string(String name) {
    defined.put(name, Kind.STRING);
    return this;
  }

  FlagSet strings(String name) {
    defined.put(name, Kind.STRINGS);
    return this;
  }

  /** Checks every written flag against the definitions. */
  FlagSet parse() {
    for (RawFlag flag : written) {
      Kind kind = defined.get(flag.name());
      if (kind == null) {
        throw unknown(flag);
      }
      List<RawFlag> previous = used.computeIfAbsent(flag.name(), k -> new ArrayList<>());
      if (!previous.isEmpty() && kind != Kind.STRINGS) {
        throw new ParseProblem("duplicate flag specified: --" + flag.name(), range(flag),
            "--" + flag.name() + " may be given only once");
      }
      previous.add(flag);
      switch (kind) {
        case BOOL -> {
          if (flag.value().isPresent()) {
            String v = flag.value().get().toLowerCase(Locale.ROOT);
            if (v.isEmpty()) {
              throw new ParseProblem("missing a value on flag: --" + flag.name(), range(flag),
                  "write --" + flag.name() + " or --" + flag.name() + "=true|false");
            }
            if (!v.equals("true") && !v.equals("false")) {
              throw new ParseProblem("expecting boolean value for flag --" + flag.name() + ", not: "
                  + flag.value().get(), range(flag), "use --" + flag.name() + "=true or --" + flag.name() + "=false");
            }
          }
        }
        case STRING, STRINGS -> {
          if (flag.value().isEmpty()) {
            throw new ParseProblem("missing a value on flag: --" + flag.name(), range(flag),
                "write --" + flag.name() + "=<value>");
          }
        }
      }
    }
    return this;
  }

  private ParseProblem unknown(RawFlag flag) {
    String hint;
    if (defined.isEmpty()) {
      hint = instruction + " takes no flags";
    } else {
      hint = Suggestions.closest(flag.name(), defined.keySet(), false)
          .map(s -> "did you mean --" + s + "?")
          .orElse(instruction + " takes " + String.join(", ", defined.keySet().stream().map(n -> "--" + n).toList()));
    }
    return new ParseProblem("unknown flag: --" + flag.name(), range(flag), hint);
  }

  dev.stowage.dockerfile.syntax.SourceRange range(RawFlag flag) {
    return line.range(flag.start(), flag.end());
  }

  boolean isSet(String name) {
    return used.containsKey(name);
  }

  /** A bool flag's value: false when absent, true for a bare flag. */
  boolean bool(String name, boolean defaultValue) {
    return boolIfSet(name).orElse(defaultValue);
  }

  Optional<Boolean> boolIfSet(String name) {
    List<RawFlag> flags = used.get(name);
    if (flags == null) {
      return Optional.empty();
    }
    return Optional.of(flags.get(0).value().map(v -> v.equalsIgnoreCase("true")).orElse(true));
  }

  Optional<Word> stringValue(String name) {
    List<RawFlag> flags = used.get(name);
    return flags == null ? Optional.empty() : Optional.of(valueWord(flags.get(0)));
  }

  List<RawFlag> raw(String name) {
    return used.getOrDefault(name, List.of());
  }

  List<Word> stringValues(String name) {
    return raw(name).stream().map(this::valueWord).toList();
  }

  Word valueWord(RawFlag flag) {
    String value = flag.value().orElse("");
    int from = Math.min(flag.valueStart(), flag.end());
    int to = Math.max(from, Math.min(flag.end(), flag.valueStart() + value.length()));
    return new Word(value, line.range(from, to));
  }
}
