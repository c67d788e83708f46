package dev.stowage.secrets;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * Parses {@code --secret id=<id>[,src|source=<path>][,env=<VAR>][,type=file|env]} with the rules of buildx
 * ({@code util/buildflags/secrets.go}) and buildctl ({@code cmd/buildctl/build/secret.go}), plus the fallback of
 * BuildKit's {@code secretsprovider.NewStore}:
 *
 * <ul>
 *   <li>the value is one CSV record (Go {@code encoding/csv}); keys are case-insensitive, values are not;
 *   <li>{@code type} is {@code file} or {@code env}; {@code type=env} with {@code src=} but no {@code env=} reads
 *       {@code src} as the variable name (buildx);
 *   <li>with neither {@code src} nor {@code env}, the id names an environment variable if one is set, else a
 *       file;
 *   <li>an empty value ({@code src=}) counts as absent; a repeated key keeps its last value;
 *   <li>any other key is an error.
 * </ul>
 *
 * <p>Stricter than BuildKit, on purpose: {@code type=file} always means a file and {@code type=env} always a
 * variable (BuildKit would, with neither {@code src} nor {@code env}, still pick whichever of the two exists);
 * {@code src} and {@code env} together, or {@code type=file} with {@code env}, are errors rather than one
 * silently winning. Messages echo key names, never field values (except the type, and a known key typed
 * without a value): a token pasted by mistake must not reach a log.
 */
public final class SecretSpecParser {
  private static final List<String> KEYS = List.of("id", "src", "source", "env", "type");

  private SecretSpecParser() {}

  /** Parses one flag value, deciding the id-only fallback against the real environment. */
  public static SecretSpec parse(String flagValue) {
    return parse(flagValue, System.getenv());
  }

  /** Parses one flag value; {@code env} decides whether an id-only secret is a variable or a file. */
  public static SecretSpec parse(String flagValue, Map<String, String> env) {
    Objects.requireNonNull(env, "env");
    if (flagValue == null || flagValue.isBlank()) {
      throw new SecretSpecException("--secret needs a value, for example --secret id=npmrc,src=$HOME/.npmrc");
    }
    List<String> fields;
    try {
      fields = CsvRecord.split(flagValue);
    } catch (CsvRecord.CsvException e) {
      throw new SecretSpecException("failed to parse --secret as CSV: " + e.getMessage());
    }

    String id = "";
    String src = "";
    String envName = "";
    String type = "";
    for (int index = 0; index < fields.size(); index++) {
      String field = fields.get(index);
      int eq = field.indexOf('=');
      if (eq < 0) {
        throw notKeyValue(field, index + 1);
      }
      String key = field.substring(0, eq).toLowerCase(Locale.ROOT);
      String value = field.substring(eq + 1);
      switch (key) {
        case "type" -> {
          if (!value.equals("file") && !value.equals("env")) {
            throw new SecretSpecException(
                "unsupported secret type \"" + value + "\" in --secret (use type=file or type=env)");
          }
          type = value;
        }
        case "id" -> id = value;
        case "src", "source" -> src = value;
        case "env" -> envName = value;
        default -> throw unexpectedKey(key);
      }
    }

    if (id.isEmpty()) {
      throw new SecretSpecException(
          "--secret has no id (every secret needs one, for example --secret id=npmrc,src=$HOME/.npmrc)");
    }
    SecretId secretId;
    try {
      secretId = SecretId.of(id);
    } catch (IllegalArgumentException e) {
      throw new SecretSpecException("invalid id in --secret: " + e.getMessage());
    }
    return new SecretSpec(secretId, source(secretId, type, src, envName, env));
  }

  private static SecretSource source(
      SecretId id, String type, String src, String envName, Map<String, String> env) {
    switch (type) {
      case "env" -> {
        if (!src.isEmpty() && !envName.isEmpty()) {
          throw new SecretSpecException(
              "--secret id=" + id + " gives both src= and env=; with type=env give only env=<VAR>");
        }
        String name = !envName.isEmpty() ? envName : !src.isEmpty() ? src : id.value();
        return envSource(id, name);
      }
      case "file" -> {
        if (!envName.isEmpty()) {
          throw new SecretSpecException(
              "--secret id=" + id + " has type=file and env=; drop one (type=env,env=<VAR> or src=<path>)");
        }
        return fileSource(id, src.isEmpty() ? id.value() : src);
      }
      default -> {
        if (!src.isEmpty() && !envName.isEmpty()) {
          throw new SecretSpecException(
              "--secret id=" + id + " gives both src= and env=; a secret comes from one place, give one of them");
        }
        if (!envName.isEmpty()) {
          return envSource(id, envName);
        }
        if (!src.isEmpty()) {
          return fileSource(id, src);
        }
        // BuildKit's fallback: the id is the name of a variable if one is set, else of a file.
        return env.containsKey(id.value()) ? envSource(id, id.value()) : fileSource(id, id.value());
      }
    }
  }

  private static EnvSource envSource(SecretId id, String name) {
    try {
      return new EnvSource(name);
    } catch (IllegalArgumentException e) {
      throw new SecretSpecException("--secret id=" + id + ": " + e.getMessage());
    }
  }

  private static FileSource fileSource(SecretId id, String path) {
    try {
      return new FileSource(Path.of(path));
    } catch (InvalidPathException e) {
      throw new SecretSpecException("--secret id=" + id + ": the source is not a valid path: " + e.getReason());
    }
  }

  private static SecretSpecException notKeyValue(String field, int position) {
    String bare = field.toLowerCase(Locale.ROOT);
    String which = KEYS.contains(bare) ? "field '" + field + "'" : "field " + position;
    return new SecretSpecException(
        "invalid --secret: " + which + " must be a key=value pair (keys: id, src, source, env, type)");
  }

  private static SecretSpecException unexpectedKey(String key) {
    String suggestion = closestKey(key);
    return new SecretSpecException(
        "unexpected key '" + key + "' in --secret"
            + (suggestion == null ? "" : " (did you mean '" + suggestion + "'?)")
            + "; the keys are id, src, source, env and type");
  }

  /** A known key within two edits of {@code key}, for "did you mean". */
  static String closestKey(String key) {
    String best = null;
    int bestDistance = 3;
    for (String candidate : KEYS) {
      int d = editDistance(key, candidate);
      if (d < bestDistance) {
        best = candidate;
        bestDistance = d;
      }
    }
    return best;
  }

  private static int editDistance(String a, String b) {
    int[] previous = new int[b.length() + 1];
    int[] current = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      previous[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      current[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
        current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
      }
      int[] swap = previous;
      previous = current;
      current = swap;
    }
    return previous[b.length()];
  }
}
