package dev.stowage.detect;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * The curated credential formats, shared by lint, scan and the build guard. A small list kept free of false
 * positives: every format has a distinctive prefix or is anchored by a keyword, and values that are
 * placeholders ({@code changeme}, {@code ${TOKEN}}, {@code xxxx}, AWS's {@code ...EXAMPLE} keys) never match.
 */
public final class CredentialPatterns {
  private static final String B = "(?<![A-Za-z0-9_])"; // token start: not inside a longer word
  private static final String E = "(?![A-Za-z0-9_])"; // token end

  private static final Predicate<String> NOT_PLACEHOLDER = s -> !ValueShapes.isPlaceholder(s);

  private static final List<CredentialPattern> ALL =
      List.of(
          format("private-key", "private key (PEM or OpenSSH)",
              "-----BEGIN (?:[A-Z0-9]+ ){0,3}PRIVATE KEY(?: BLOCK)?-----"
                  + "(?<s>[\\s\\S]{0,300}?[A-Za-z0-9+/]{32,}[\\s\\S]{0,16384}?"
                  + "(?:-----END (?:[A-Z0-9]+ ){0,3}PRIVATE KEY(?: BLOCK)?-----|\\z))",
              0, s -> true),
          format("aws-access-key-id", "AWS access key id",
              "(?<![A-Z0-9])(?<s>(?:AKIA|ASIA|ABIA|ACCA|AGPA|AIDA|AROA|ANPA|ANVA|AIPA)[A-Z0-9]{16})(?![A-Z0-9])", 4,
              NOT_PLACEHOLDER.and(s -> ValueShapes.characterClasses(s.substring(4)) >= 2)),
          format("github-token", "GitHub token", B + "(?<s>gh[pousr]_[A-Za-z0-9]{36,251})" + E, 4,
              NOT_PLACEHOLDER.and(s -> ValueShapes.entropy(s) >= 3.0)),
          format("github-fine-grained-pat", "GitHub fine-grained personal access token",
              B + "(?<s>github_pat_[A-Za-z0-9]{22}_[A-Za-z0-9]{59})" + E, 11, NOT_PLACEHOLDER),
          format("gitlab-token", "GitLab token",
              "(?<![A-Za-z0-9_-])(?<s>gl(?:pat|dt|rt|ptt|ft|cbt|soat|oas|imt|agent)-[A-Za-z0-9_-]{20,})"
                  + "(?![A-Za-z0-9_-])",
              6, NOT_PLACEHOLDER.and(s -> ValueShapes.entropy(s) >= 3.0)),
          format("npm-token", "npm access token", B + "(?<s>npm_[A-Za-z0-9]{36})" + E, 4,
              NOT_PLACEHOLDER.and(s -> ValueShapes.entropy(s) >= 3.0)),
          format("slack-token", "Slack token",
              "(?<![A-Za-z0-9_-])(?<s>xox[abposre]-[0-9]{6,}-[0-9A-Za-z-]{8,})(?![A-Za-z0-9_-])", 5,
              NOT_PLACEHOLDER),
          format("slack-app-token", "Slack app-level token",
              "(?<![A-Za-z0-9_-])(?<s>xapp-\\d-[A-Z0-9]{8,}-\\d{6,}-[a-f0-9]{32,})" + E, 5, NOT_PLACEHOLDER),
          format("slack-webhook", "Slack incoming webhook URL",
              "https://hooks\\.slack\\.com/(?:services|workflows|triggers)/T[A-Z0-9]{6,}/[AB][A-Z0-9]{6,}/"
                  + "(?<s>[A-Za-z0-9]{16,})",
              0, NOT_PLACEHOLDER),
          format("google-api-key", "Google API key", "(?<![A-Za-z0-9_-])(?<s>AIza[0-9A-Za-z_-]{35})(?![A-Za-z0-9_-])",
              4, NOT_PLACEHOLDER),
          format("sendgrid-api-key", "SendGrid API key",
              "(?<![A-Za-z0-9_-])(?<s>SG\\.[A-Za-z0-9_-]{22}\\.[A-Za-z0-9_-]{43})(?![A-Za-z0-9_-])", 3,
              NOT_PLACEHOLDER),
          format("vault-token", "HashiCorp Vault token",
              "(?<![A-Za-z0-9_.-])(?<s>hv[sbr]\\.[A-Za-z0-9_-]{24,})(?![A-Za-z0-9_-])", 4,
              NOT_PLACEHOLDER.and(s -> ValueShapes.entropy(s) >= 3.0)),
          format("stripe-secret-key", "Stripe secret key",
              B + "(?<s>(?:sk|rk)_(?:live|test)_[0-9a-zA-Z]{24,})" + E, 8, NOT_PLACEHOLDER),
          format("pypi-token", "PyPI API token",
              "(?<![A-Za-z0-9_-])(?<s>pypi-AgEIcHlwaS5vcmc[A-Za-z0-9_-]{50,})(?![A-Za-z0-9_-])", 5,
              NOT_PLACEHOLDER),
          format("dockerhub-token", "Docker Hub personal access token",
              "(?<![A-Za-z0-9_-])(?<s>dckr_(?:pat|oat)_[A-Za-z0-9_-]{27,})(?![A-Za-z0-9_-])", 9, NOT_PLACEHOLDER),
          format("huggingface-token", "Hugging Face access token", B + "(?<s>hf_[A-Za-z]{34})" + E, 3,
              NOT_PLACEHOLDER.and(s -> ValueShapes.entropy(s) >= 3.5)),
          format("openai-api-key", "OpenAI API key",
              "(?<![A-Za-z0-9_-])(?<s>sk-(?:proj-|svcacct-|admin-)?[A-Za-z0-9_-]{20,}T3BlbkFJ[A-Za-z0-9_-]{20,})"
                  + "(?![A-Za-z0-9_-])",
              3, NOT_PLACEHOLDER),
          format("anthropic-api-key", "Anthropic API key",
              "(?<![A-Za-z0-9_-])(?<s>sk-ant-(?:api|admin)\\d{2}-[A-Za-z0-9_-]{80,})(?![A-Za-z0-9_-])", 7,
              NOT_PLACEHOLDER),
          format("digitalocean-token", "DigitalOcean token", B + "(?<s>do[opr]_v1_[a-f0-9]{64})" + E, 7,
              NOT_PLACEHOLDER),
          format("telegram-bot-token", "Telegram bot token",
              "(?<![A-Za-z0-9_:-])(?<s>\\d{8,10}:AA[0-9A-Za-z_-]{33})(?![A-Za-z0-9_-])", 0, NOT_PLACEHOLDER),
          format("age-secret-key", "age secret key", "(?<s>AGE-SECRET-KEY-1[0-9A-Z]{58})", 15, s -> true),
          format("jwt", "JSON Web Token",
              "(?<![A-Za-z0-9_-])(?<s>eyJ[A-Za-z0-9_-]{8,}\\.eyJ[A-Za-z0-9_-]{8,}\\.[A-Za-z0-9_-]{16,})"
                  + "(?![A-Za-z0-9_-])",
              3, CredentialPatterns::isJwt),
          contextual("aws-secret-access-key", "AWS secret access key",
              "(?i:aws_?secret_?access_?key|aws_?secret_?key|secret_?access_?key)"
                  + "[\"']?(?:\\s*(?:=|:|=>)\\s*|\\s+)[\"']?(?<s>[A-Za-z0-9/+]{40})(?![A-Za-z0-9/+=])",
              0, NOT_PLACEHOLDER.and(s -> ValueShapes.characterClasses(s) >= 3)),
          contextual("azure-storage-key", "Azure storage account key",
              "(?i:AccountKey)\\s*=\\s*(?<s>[A-Za-z0-9+/]{86}==)", 0, NOT_PLACEHOLDER),
          contextual("docker-config-auth", "registry credentials in a docker config.json",
              "\"auth\"\\s*:\\s*\"(?<s>[A-Za-z0-9+/]{6,}={0,2})\"", 0, CredentialPatterns::isBasicAuthPair),
          contextual("npmrc-auth", "npm registry credential (.npmrc)",
              "(?<![A-Za-z0-9])(?:_authToken|_auth|_password)\\s*=\\s*[\"']?(?<s>[^\\s\"']{8,})", 0,
              s -> !ValueShapes.isPlaceholder(s) && !s.contains("${")),
          contextual("url-password", "password in a URL",
              "(?<![A-Za-z0-9+.-])[a-zA-Z][a-zA-Z0-9+.-]{1,19}://[^\\s:/@'\"?#\\\\]{0,100}:"
                  + "(?<s>[^\\s@/'\"?#\\\\]{1,200})@[A-Za-z0-9\\[][A-Za-z0-9.:\\]-]*",
              0, CredentialPatterns::isLiteralPassword),
          contextual("authorization-header", "credential in an Authorization header",
              "(?i:\\b(?:proxy-)?authorization)\\s*:\\s*(?i:bearer|token|basic)\\s+(?<s>[A-Za-z0-9._~+/=-]{16,})",
              0, s -> !ValueShapes.isPlaceholder(s) && ValueShapes.entropy(s) >= 3.0),
          contextual("cli-user-password", "password given on a command line (-u user:password)",
              "(?:^|\\s)(?:-u|--user|--proxy-user)\\s*[\"']?[^\\s:'\"$]+:(?<s>[^\\s'\"]{6,})", 0,
              CredentialPatterns::isLiteralPassword),
          generic("generic-secret-assignment", "secret-named key assigned a random-looking value",
              "(?i)(?<![A-Za-z0-9_.])(?:[A-Za-z0-9]+[_.-])*(?:password|passwd|pwd|secret|secret[_.-]?key"
                  + "|api[_.-]?key|apikey|access[_.-]?key|access[_.-]?token|auth[_.-]?token|token"
                  + "|client[_.-]?secret|private[_.-]?key|credentials?)[\"']?[ \\t]*(?:=|:|:=|=>)[ \\t]*[\"']?"
                  + "(?<s>[^\\s\"',;]{8,200})",
              0, CredentialPatterns::isGenericSecret));

  private static final Pattern CALL_OR_INDEX = Pattern.compile("[A-Za-z_][A-Za-z0-9_.]*[(\\[].*");
  private static final Pattern VARIABLE_NAME = Pattern.compile("[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+");
  private static final Pattern STRING_ESCAPE = Pattern.compile("\\\\[ntr\"\\\\/u]");

  private CredentialPatterns() {}

  /** Every pattern, strongest first. */
  public static List<CredentialPattern> all() {
    return ALL;
  }

  /** The pattern with this id. */
  public static Optional<CredentialPattern> byId(String id) {
    return ALL.stream().filter(p -> p.id().equals(id)).findFirst();
  }

  /** Format and contextual credentials in {@code text}, without overlaps, in order of position. */
  public static List<CredentialMatch> find(CharSequence text) {
    return find(text, Confidence.CONTEXTUAL);
  }

  /**
   * Credentials in {@code text} at {@code minimum} confidence or stronger. Where matches overlap (a GitHub
   * token inside a URL password), the strongest, then the longest, wins.
   */
  public static List<CredentialMatch> find(CharSequence text, Confidence minimum) {
    List<CredentialMatch> all = new ArrayList<>();
    for (CredentialPattern pattern : ALL) {
      if (pattern.confidence().atLeast(minimum)) {
        all.addAll(pattern.findIn(text));
      }
    }
    all.sort(Comparator.comparing(CredentialMatch::confidence)
        .thenComparing(Comparator.comparingInt(CredentialMatch::secretLength).reversed())
        .thenComparingInt(CredentialMatch::start));
    List<CredentialMatch> kept = new ArrayList<>();
    for (CredentialMatch candidate : all) {
      if (kept.stream().noneMatch(candidate::overlaps)) {
        kept.add(candidate);
      }
    }
    kept.sort(Comparator.comparingInt(CredentialMatch::start));
    return kept;
  }

  /** The first (strongest on ties) format or contextual credential in {@code text}. */
  public static Optional<CredentialMatch> first(CharSequence text) {
    return find(text).stream().findFirst();
  }

  /** True when {@code text} holds a format or contextual credential. */
  public static boolean containsCredential(CharSequence text) {
    return !find(text).isEmpty();
  }

  private static CredentialPattern format(String id, String title, String regex, int kept, Predicate<String> ok) {
    return new CredentialPattern(id, title, Confidence.FORMAT, Pattern.compile(regex), kept, ok);
  }

  private static CredentialPattern contextual(
      String id, String title, String regex, int kept, Predicate<String> ok) {
    return new CredentialPattern(id, title, Confidence.CONTEXTUAL, Pattern.compile(regex), kept, ok);
  }

  private static CredentialPattern generic(String id, String title, String regex, int kept, Predicate<String> ok) {
    return new CredentialPattern(id, title, Confidence.GENERIC, Pattern.compile(regex), kept, ok);
  }

  /** A JWT's first two segments are base64url JSON objects, the header naming an algorithm or type. */
  private static boolean isJwt(String token) {
    String[] parts = token.split("\\.");
    if (parts.length != 3) {
      return false;
    }
    String header = decodeBase64Url(parts[0]);
    return header != null && header.startsWith("{") && (header.contains("\"alg\"") || header.contains("\"typ\""))
        && !header.contains("\"none\"");
  }

  /** Docker's {@code auth} field is base64 of {@code user:password}. */
  private static boolean isBasicAuthPair(String encoded) {
    try {
      String decoded = new String(Base64.getDecoder().decode(encoded), StandardCharsets.UTF_8);
      int colon = decoded.indexOf(':');
      return colon > 0 && colon < decoded.length() - 1 && decoded.chars().allMatch(c -> c >= 0x20 && c < 0x7f)
          && !ValueShapes.isPlaceholder(decoded.substring(colon + 1));
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  /** A literal password: not a placeholder, not a shell or template reference, not a printf slot. */
  private static boolean isLiteralPassword(String password) {
    return password.length() >= 3
        && !ValueShapes.isPlaceholder(password)
        && !password.contains("$")
        && !password.contains("{")
        && !password.contains("%s");
  }

  /**
   * A keyword assignment's value that is not code, a reference, a path, a URL or an environment variable's name,
   * and looks random. Inside an escaped string (a JSON document's text) the value ends at the first escape.
   */
  private static boolean isGenericSecret(String value) {
    java.util.regex.Matcher escape = STRING_ESCAPE.matcher(value);
    String v = escape.find() ? value.substring(0, escape.start()) : value;
    return !CALL_OR_INDEX.matcher(v).matches()
        && !VARIABLE_NAME.matcher(v).matches()
        && !v.contains("$")
        && !v.contains("{")
        && !v.startsWith("/")
        && !v.contains("://")
        && ValueShapes.looksRandom(v);
  }

  private static String decodeBase64Url(String segment) {
    try {
      return new String(Base64.getUrlDecoder().decode(segment), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      return null;
    }
  }
}
