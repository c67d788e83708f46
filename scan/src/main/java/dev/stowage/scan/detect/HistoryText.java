package dev.stowage.scan.detect;

import dev.stowage.detect.Redaction;
import dev.stowage.detect.SecretNames;
import dev.stowage.detect.ValueShapes;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the {@code created_by} of a history entry: the build arguments BuildKit records in front of a RUN
 * ({@code RUN |2 A=1 B=2 /bin/sh -c ...}), the pairs of an ENV, LABEL or ARG line (BuildKit's {@code ENV K=V} and
 * the classic builder's {@code /bin/sh -c #(nop)  ENV K=V}), and a redacted form safe to print.
 */
public final class HistoryText {
  /** One {@code KEY=value} pair and what declared it ({@code arg}, {@code env} or {@code label}). */
  public record Pair(String kind, String key, String value) {
    @Override
    public String toString() {
      return "Pair[" + kind + " " + key + "]";
    }
  }

  private static final Pattern RUN_ARGS = Pattern.compile("^RUN \\|(\\d{1,4}) ");
  private static final Pattern NOP = Pattern.compile("^(?:/bin/sh -c )?#\\(nop\\)\\s+");
  private static final Pattern DECLARATION = Pattern.compile("^(ENV|LABEL|ARG)\\s+(.*)$", Pattern.DOTALL);
  private static final Pattern PAIR_START = Pattern.compile("[A-Za-z_][A-Za-z0-9_.-]*=.*", Pattern.DOTALL);
  private static final String MASK = "****";
  private static final Pattern KEY_FINGERPRINT =
      Pattern.compile("(?:0x)?(?:[0-9A-Fa-f]{8}|[0-9A-Fa-f]{16}|[0-9A-Fa-f]{40})(?:[ ,;]+(?:0x)?[0-9A-Fa-f]{8,40})*");

  private HistoryText() {}

  /** The pairs a {@code created_by} records: build arguments of a RUN, or the pairs of an ENV/LABEL/ARG. */
  public static List<Pair> pairs(String createdBy) {
    Matcher run = RUN_ARGS.matcher(createdBy);
    if (run.find()) {
      int count = Integer.parseInt(run.group(1));
      return runArgs(createdBy.substring(run.end()), count);
    }
    String text = NOP.matcher(createdBy).replaceFirst("");
    Matcher declaration = DECLARATION.matcher(text);
    if (!declaration.matches()) {
      return List.of();
    }
    String kind = declaration.group(1).toLowerCase(Locale.ROOT);
    List<Pair> pairs = new ArrayList<>();
    for (String token : tokens(declaration.group(2))) {
      int eq = token.indexOf('=');
      if (eq > 0) {
        pairs.add(new Pair(kind, token.substring(0, eq), unquote(token.substring(eq + 1))));
      } else if (kind.equals("env") && pairs.isEmpty()) {
        // the legacy "ENV KEY value" form: the rest is the value
        String rest = declaration.group(2).strip();
        int space = rest.indexOf(' ');
        if (space > 0) {
          pairs.add(new Pair(kind, rest.substring(0, space), rest.substring(space + 1).strip()));
        }
        break;
      }
    }
    return pairs;
  }

  /**
   * Whether a pair's value is a secret by its name: the key names a secret (BuildKit's SecretsUsedInArgOrEnv words,
   * refined as for lint; a label's dots and dashes separate words) and the value is not innocuous (a placeholder,
   * a path, a number, a URL without a password).
   */
  public static boolean secretByName(String key, String value) {
    String name = key.replace('.', '_').replace('-', '_');
    return SecretNames.kind(name) == SecretNames.NameKind.SECRET && !value.isBlank()
        && !ValueShapes.isInnocuous(value) && !ValueShapes.isReferenceOnly(value) && !isKeyFingerprint(name, value);
  }

  /**
   * A GPG or PGP key's ID or fingerprint ({@code GPG_KEY=A035C8C19219BA821ECEA86B64E628F8D684696D}, as the official
   * python images set it): public, used to verify downloads.
   */
  static boolean isKeyFingerprint(String name, String value) {
    String upper = name.toUpperCase(Locale.ROOT);
    return (upper.contains("GPG") || upper.contains("PGP"))
        && KEY_FINGERPRINT.matcher(value.strip()).matches();
  }

  /**
   * The text with every known value (raw or encoded), every credential {@code detect} recognises and the value of
   * every secret-named pair replaced by {@code ****}.
   */
  public static String redact(String createdBy, KnownValues known) {
    String text = createdBy;
    if (!known.isEmpty()) {
      byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
      boolean[] masked = new boolean[bytes.length];
      for (KnownValues.Hit hit : known.find(bytes)) {
        Arrays.fill(masked, (int) hit.start(), (int) hit.end(), true);
      }
      StringBuilder out = new StringBuilder();
      int i = 0;
      while (i < bytes.length) {
        if (masked[i]) {
          out.append(MASK);
          while (i < bytes.length && masked[i]) {
            i++;
          }
        } else {
          int j = i;
          while (j < bytes.length && !masked[j]) {
            j++;
          }
          out.append(new String(bytes, i, j - i, StandardCharsets.UTF_8));
          i = j;
        }
      }
      text = out.toString();
    }
    for (Pair pair : pairs(text)) {
      if (secretByName(pair.key(), pair.value()) && !pair.value().isEmpty()) {
        text = text.replace(pair.key() + "=" + pair.value(), pair.key() + "=" + MASK);
      }
    }
    return Redaction.redactCredentials(text);
  }

  /** The first {@code count} KEY=value pairs; a value runs up to the next pair (BuildKit does not quote them). */
  private static List<Pair> runArgs(String rest, int count) {
    List<Pair> pairs = new ArrayList<>();
    String[] tokens = rest.split(" ", -1);
    StringBuilder value = null;
    String key = null;
    for (String token : tokens) {
      if (PAIR_START.matcher(token).matches() && pairs.size() + (key == null ? 0 : 1) < count) {
        if (key != null) {
          pairs.add(new Pair("arg", key, value.toString()));
        }
        int eq = token.indexOf('=');
        key = token.substring(0, eq);
        value = new StringBuilder(token.substring(eq + 1));
      } else if (key != null && pairs.size() + 1 < count) {
        value.append(' ').append(token);
      } else {
        break;
      }
    }
    if (key != null) {
      pairs.add(new Pair("arg", key, value.toString()));
    }
    return pairs;
  }

  /** Splits on blanks outside double or single quotes; quotes stay in the token. */
  private static List<String> tokens(String text) {
    List<String> tokens = new ArrayList<>();
    StringBuilder current = new StringBuilder();
    char quote = 0;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (quote != 0) {
        current.append(c);
        if (c == '\\' && quote == '"' && i + 1 < text.length()) {
          current.append(text.charAt(++i));
        } else if (c == quote) {
          quote = 0;
        }
      } else if (c == '"' || c == '\'') {
        quote = c;
        current.append(c);
      } else if (Character.isWhitespace(c)) {
        if (!current.isEmpty()) {
          tokens.add(current.toString());
          current.setLength(0);
        }
      } else {
        current.append(c);
      }
    }
    if (!current.isEmpty()) {
      tokens.add(current.toString());
    }
    return tokens;
  }

  private static String unquote(String value) {
    if (value.length() >= 2 && (value.charAt(0) == '"' || value.charAt(0) == '\'')
        && value.charAt(value.length() - 1) == value.charAt(0)) {
      String inner = value.substring(1, value.length() - 1);
      return value.charAt(0) == '"' ? inner.replace("\\\"", "\"").replace("\\\\", "\\") : inner;
    }
    return value;
  }

  /** The BuildKit suffix {@code  # buildkit} removed, for display. */
  public static String withoutBuildkitMarker(String createdBy) {
    return createdBy.endsWith(" # buildkit") ? createdBy.substring(0, createdBy.length() - 11) : createdBy;
  }
}
