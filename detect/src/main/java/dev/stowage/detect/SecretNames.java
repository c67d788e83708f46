package dev.stowage.detect;

import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Whether a variable name (an ARG or ENV key, a build-arg, a config key) names a secret.
 *
 * <p>{@link #isSecretLike} is BuildKit's {@code SecretsUsedInArgOrEnv} check exactly
 * ({@code frontend/dockerfile/dockerfile2llb/validations.go}): one of the deny words as a whole
 * underscore-separated word, case-insensitive, and none of the allow words. {@code -} and camelCase do not
 * separate words ({@code api-key} and {@code apiKey} are not secret-like; {@code APIKEY} is).
 *
 * <p>{@link #kind} refines it for our own rules: a name whose deny word is followed by a word that describes
 * the secret rather than holding it ({@code TOKEN_URL}, {@code PASSWORD_MIN_LENGTH}, {@code AUTH_MODE}) names
 * metadata, not a secret.
 */
public final class SecretNames {
  /** BuildKit's deny words, in its order. */
  public static final List<String> DENY_WORDS =
      List.of("apikey", "auth", "credential", "credentials", "key", "password", "pword", "passwd", "secret",
          "token");

  /** BuildKit's allow words: a name holding one of them is never secret-like. */
  public static final List<String> ALLOW_WORDS = List.of("public", "file", "version");

  // Go's (?i) folds Unicode simple case (K and the Kelvin sign), hence UNICODE_CASE; Go's $ is \z here.
  private static final Pattern DENY = wordPattern(DENY_WORDS);
  private static final Pattern ALLOW = wordPattern(ALLOW_WORDS);

  /**
   * Last words that say the variable describes a secret (where it is, how long it is, what it is called)
   * rather than holding it.
   */
  private static final Set<String> DESCRIBING_WORDS =
      Set.of("url", "uri", "urls", "path", "paths", "dir", "directory", "files", "name", "names", "id",
          "ids", "header", "mode", "type", "kind", "length", "len", "size", "min", "max", "count", "ttl",
          "timeout", "expiry", "expires", "expiration", "lifetime", "age", "endpoint", "host", "hostname",
          "port", "region", "provider", "algorithm", "alg", "format", "enabled", "enable", "disabled",
          "required", "prefix", "suffix", "field", "param", "location", "scope", "scopes", "issuer",
          "audience", "method", "strategy", "policy", "interval", "backend", "server", "service", "realm",
          "label", "ref", "fingerprint", "digest", "algo", "env", "var", "variable", "store",
          "mount", "target", "user", "username", "login", "email", "account", "owner", "style", "layout",
          "flow", "grant", "cache", "level", "strength", "rotation", "validity", "duration");

  private SecretNames() {}

  /** The kind of value a variable name suggests. */
  public enum NameKind {
    /** The name says it holds a secret ({@code GITHUB_TOKEN}, {@code AWS_SECRET_ACCESS_KEY}). */
    SECRET,
    /** The name mentions a secret word but describes it ({@code TOKEN_URL}, {@code PASSWORD_MIN_LENGTH}). */
    DESCRIBES_SECRET,
    /** The name has nothing to do with secrets, or is on BuildKit's allow list. */
    PLAIN
  }

  /** BuildKit's {@code SecretsUsedInArgOrEnv} verdict for an ARG or ENV key, exactly. */
  public static boolean isSecretLike(String name) {
    return DENY.matcher(name).find() && !ALLOW.matcher(name).find();
  }

  /** The deny word that makes {@code name} secret-like, lower case, or null when it is not secret-like. */
  public static String denyWord(String name) {
    if (!isSecretLike(name)) {
      return null;
    }
    var m = DENY.matcher(name);
    m.find();
    return m.group(1).toLowerCase(Locale.ROOT);
  }

  /** Our refined verdict; {@link NameKind#PLAIN} whenever {@link #isSecretLike} is false. */
  public static NameKind kind(String name) {
    if (!isSecretLike(name)) {
      return NameKind.PLAIN;
    }
    String[] words = name.toLowerCase(Locale.ROOT).split("_", -1);
    int last = words.length - 1;
    while (last > 0 && words[last].isEmpty()) {
      last--;
    }
    String lastWord = words[last];
    if (DENY_WORDS.contains(lastWord)) {
      return NameKind.SECRET;
    }
    // AWS_ACCESS_KEY_ID is half of a credential pair, not the name of one.
    if (lastWord.equals("id") && last >= 2 && words[last - 1].equals("key") && words[last - 2].equals("access")) {
      return NameKind.SECRET;
    }
    return DESCRIBING_WORDS.contains(lastWord) ? NameKind.DESCRIBES_SECRET : NameKind.SECRET;
  }

  private static Pattern wordPattern(List<String> words) {
    return Pattern.compile(
        "(?:_|^)(" + String.join("|", words) + ")(?:_|\\z)",
        Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);
  }
}
