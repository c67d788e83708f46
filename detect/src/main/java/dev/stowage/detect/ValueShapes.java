package dev.stowage.detect;

import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What a value looks like, for deciding whether a secret-named variable really carries a secret: placeholders
 * ({@code changeme}, {@code <token>}, {@code ${TOKEN}}), references, numbers, paths and plain URLs are not
 * secrets; anything else under a secret name is treated as one.
 */
public final class ValueShapes {
  /** Words that mark a value as not filled in. */
  private static final Set<String> MARKER_WORDS =
      Set.of("changeme", "change_me", "change-me", "changeit", "replaceme", "replace_me", "replace-me", "example",
          "sample", "dummy", "placeholder", "xxx", "todo", "tbd", "fixme", "none", "null", "nil", "undefined",
          "redacted", "masked", "hidden", "empty", "unset", "notset", "not-set", "insert", "required", "optional",
          "set-me", "setme", "fill-me", "fillme", "n/a", "na", "your-token", "tobeset", "to-be-set");

  /**
   * Words documentation uses where a credential goes ({@code postgres://USER:PASSWORD@host}); as the value of a
   * secret-named ENV they are still real, weak passwords.
   */
  private static final Set<String> DOCUMENTATION_WORDS =
      Set.of("password", "passwd", "pass", "pwd", "secret", "token", "apikey", "api_key", "api-key", "key", "test",
          "testing", "foo", "bar", "baz", "foobar", "secret123", "password123", "user", "username", "usr", "admin",
          "root", "value", "mytoken", "mypassword", "mysecret", "s3cr3t", "default");

  private static final Pattern NUMBER = Pattern.compile("[+-]?\\d+(?:\\.\\d+)?(?:[eE][+-]?\\d+)?");
  private static final Pattern VERSION = Pattern.compile("v?\\d+(?:\\.\\d+){1,3}(?:[-+][0-9A-Za-z.-]+)?");
  private static final Pattern DURATION_OR_SIZE = Pattern.compile("\\d+(?:ms|s|m|h|d|w|k|kb|mb|gb|ki|mi|gi)",
      Pattern.CASE_INSENSITIVE);
  private static final Pattern REFERENCE_ONLY =
      Pattern.compile("(?:\\$\\{[A-Za-z_][A-Za-z0-9_]*(?:[:?+-][^}]*)?}|\\$[A-Za-z_][A-Za-z0-9_]*)+");
  private static final Pattern TEMPLATE =
      Pattern.compile(".*(?:\\$\\{[^}]*}|\\$\\([^)]*\\)|\\{\\{[^}]*}}|<[^>]*>|%\\(?[a-z_]*\\)?[sd]|\\[[A-Z_ -]+]).*",
          Pattern.DOTALL);
  private static final Pattern PLAIN_URL = Pattern.compile("[a-zA-Z][a-zA-Z0-9+.-]*://[^\\s@]*");
  private static final Pattern PATH = Pattern.compile("(?:/|\\./|\\.\\./|~/)[^\\s]*");
  private static final Pattern HEADER_NAME = Pattern.compile("[A-Z][a-z]*(?:-[A-Z][a-z]*)+");
  private static final Pattern HEX_ID = Pattern.compile("0x[0-9a-fA-F]{8,40}");
  private static final Set<String> BOOLEAN_WORDS =
      Set.of("true", "false", "yes", "no", "on", "off", "enabled", "disabled", "1", "0");

  private ValueShapes() {}

  /**
   * True for values that stand in for a secret in documentation and examples: a {@link #isMarker marker}, or a word
   * such as {@code PASSWORD} or {@code token} in the place of the real value. Used for credential formats, URLs and
   * files, where such words mean "fill this in".
   */
  public static boolean isPlaceholder(String value) {
    String v = stripQuotes(value.strip());
    return isMarker(v) || DOCUMENTATION_WORDS.contains(v.toLowerCase(Locale.ROOT));
  }

  /**
   * True for values that are visibly not filled in: empty, a marker word ({@code changeme}, {@code placeholder}),
   * a template or variable reference, a run of one repeated character ({@code xxxxxxxx}), or text containing
   * {@code EXAMPLE} (the documentation keys of AWS and others).
   */
  public static boolean isMarker(String value) {
    String v = stripQuotes(value.strip());
    if (v.isEmpty()) {
      return true;
    }
    String lower = v.toLowerCase(Locale.ROOT);
    if (MARKER_WORDS.contains(lower)) {
      return true;
    }
    if (lower.startsWith("your") || lower.startsWith("<") || lower.contains("example") || lower.contains("changeme")
        || lower.contains("placeholder") || lower.contains("redacted")) {
      return true;
    }
    if (TEMPLATE.matcher(v).matches() || v.startsWith("$")) {
      return true;
    }
    if (v.chars().distinct().count() <= 2 && v.length() >= 3) {
      return true; // xxxxxxxx, ********, 00000000, x-x-x
    }
    return v.chars().allMatch(c -> c == '*' || c == 'x' || c == 'X' || c == '.' || c == '-' || c == '_');
  }

  /** True when the value is only variable references ({@code ${TOKEN}}, {@code $A$B}). */
  public static boolean isReferenceOnly(String value) {
    return REFERENCE_ONLY.matcher(stripQuotes(value.strip())).matches();
  }

  /**
   * True for values that cannot be a secret even under a secret-like name: markers and references,
   * numbers, versions, durations and sizes, booleans, paths, URLs without a password, HTTP header names and
   * short hex key ids ({@code GPG_KEY_ID=0x4AEE18F83AFDEB23}).
   */
  public static boolean isInnocuous(String value) {
    String v = stripQuotes(value.strip());
    if (isMarker(v) || isReferenceOnly(v)) {
      return true;
    }
    String lower = v.toLowerCase(Locale.ROOT);
    return BOOLEAN_WORDS.contains(lower)
        || NUMBER.matcher(v).matches()
        || VERSION.matcher(v).matches()
        || DURATION_OR_SIZE.matcher(v).matches()
        || (PLAIN_URL.matcher(v).matches() && !v.contains("@"))
        || PATH.matcher(v).matches()
        || HEADER_NAME.matcher(v).matches()
        || HEX_ID.matcher(v).matches();
  }

  /** Shannon entropy of the characters of {@code s}, in bits per character. */
  public static double entropy(CharSequence s) {
    if (s.length() == 0) {
      return 0;
    }
    int[] counts = new int[128];
    int other = 0;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < 128) {
        counts[c]++;
      } else {
        other++;
      }
    }
    double bits = 0;
    for (int count : counts) {
      bits += term(count, s.length());
    }
    return bits + term(other, s.length());
  }

  /** How many of the classes lower case, upper case, digit and other the characters of {@code s} span. */
  public static int characterClasses(CharSequence s) {
    boolean lower = false, upper = false, digit = false, other = false;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c >= 'a' && c <= 'z') {
        lower = true;
      } else if (c >= 'A' && c <= 'Z') {
        upper = true;
      } else if (c >= '0' && c <= '9') {
        digit = true;
      } else {
        other = true;
      }
    }
    return (lower ? 1 : 0) + (upper ? 1 : 0) + (digit ? 1 : 0) + (other ? 1 : 0);
  }

  /**
   * True when a free-form value (no known format) looks like a real password or key rather than a word: at
   * least 8 characters, no spaces, three character classes or a long high-entropy run.
   */
  public static boolean looksRandom(String value) {
    String v = stripQuotes(value.strip());
    if (v.length() < 8 || v.chars().anyMatch(Character::isWhitespace) || isInnocuous(v) || isPlaceholder(v)) {
      return false;
    }
    int classes = characterClasses(v);
    double entropy = entropy(v);
    return (classes >= 3 && entropy >= 3.0) || (classes >= 2 && v.length() >= 16 && entropy >= 3.5);
  }

  static String stripQuotes(String v) {
    if (v.length() >= 2) {
      char first = v.charAt(0), last = v.charAt(v.length() - 1);
      if ((first == '"' || first == '\'') && first == last) {
        return v.substring(1, v.length() - 1);
      }
    }
    return v;
  }

  private static double term(int count, int total) {
    if (count == 0) {
      return 0;
    }
    double p = (double) count / total;
    return -p * (Math.log(p) / Math.log(2));
  }
}
