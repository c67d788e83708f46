package dev.stowage.detect;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Credential files: recognised by name and path ({@code .aws/credentials}, {@code .npmrc}, {@code id_rsa},
 * {@code .env}, ...) and, when the content is known, confirmed by it (an {@code .npmrc} with only a registry
 * line, an {@code .env.example} of placeholders or an {@code id_ed25519.pub} is not a credential). Paths are
 * slash-separated, relative or absolute; both a build-context path and an in-image path work.
 */
public final class CredentialFiles {
  private static final CredentialFileKind AWS = kind("aws-credentials", "AWS shared credentials file", true);
  private static final CredentialFileKind NPMRC = kind("npmrc", "npm configuration (.npmrc)", false);
  private static final CredentialFileKind PYPIRC = kind("pypirc", "PyPI configuration (.pypirc)", false);
  private static final CredentialFileKind NETRC = kind("netrc", "netrc login file", true);
  private static final CredentialFileKind GIT_CREDENTIALS = kind("git-credentials", "git credential store", true);
  private static final CredentialFileKind DOCKER_CONFIG =
      kind("docker-config", "docker client configuration (config.json)", false);
  private static final CredentialFileKind KUBECONFIG = kind("kubeconfig", "Kubernetes kubeconfig", false);
  private static final CredentialFileKind SSH_KEY = kind("ssh-private-key", "SSH private key", true);
  private static final CredentialFileKind PRIVATE_KEY = kind("private-key-file", "private key file (.pem/.key)", false);
  private static final CredentialFileKind KEYSTORE = kind("keystore", "key store (.p12/.pfx/.jks)", true);
  private static final CredentialFileKind DOTENV = kind("dotenv", "environment file (.env)", false);
  private static final CredentialFileKind PGPASS = kind("pgpass", "PostgreSQL password file (.pgpass)", true);
  private static final CredentialFileKind MY_CNF = kind("mysql-config", "MySQL client configuration (.my.cnf)", false);
  private static final CredentialFileKind S3CFG = kind("s3cfg", "s3cmd / boto configuration", false);
  private static final CredentialFileKind VAULT_TOKEN = kind("vault-token", "Vault token file", true);
  private static final CredentialFileKind GCP_KEY = kind("gcp-credentials", "Google Cloud credentials JSON", false);
  private static final CredentialFileKind HTPASSWD = kind("htpasswd", "htpasswd password file", true);
  private static final CredentialFileKind TOOL_CREDENTIALS =
      kind("tool-credentials", "tool credentials file (cargo, gem, terraform, gh, composer, maven)", false);
  private static final CredentialFileKind SECRETS_FILE = kind("secrets-file", "file named as holding secrets", false);

  private static final Set<String> DOTENV_SAFE_SUFFIXES =
      Set.of("example", "sample", "template", "tmpl", "tpl", "dist", "default", "defaults", "schema", "skel",
          "in", "md", "txt", "ci.example", "local.example", "dev.example");

  private static final Pattern SSH_KEY_NAME = Pattern.compile("id_(?:rsa|dsa|ecdsa|ed25519)(?:_sk)?(?:[-_.][\\w.-]*)?");
  private static final Pattern NAMED_SSH_KEY = Pattern.compile("[\\w.-]+_(?:rsa|dsa|ecdsa|ed25519)");
  private static final Pattern KEY_ASSIGNMENT =
      Pattern.compile("(?m)^[ \\t]*(?:export[ \\t]+)?([A-Za-z_][A-Za-z0-9_.-]*)[ \\t]*[=:][ \\t]*(.*?)[ \\t]*$");
  private static final Pattern NETRC_PASSWORD = Pattern.compile("(?:^|\\s)password\\s+(\\S+)");
  private static final Pattern PGPASS_LINE = Pattern.compile("(?m)^[^#:\\s][^:]*:[^:]*:[^:]*:[^:]*:(.+)$");
  private static final Pattern HTPASSWD_LINE = Pattern.compile("(?m)^[^:\\s#]+:(\\$(?:apr1|2[aby]|5|6)\\$\\S+|\\{SHA}\\S+)");
  private static final Pattern JSON_SECRET_FIELD =
      Pattern.compile("\"(?:private_key|client_secret|refresh_token|identitytoken|registrytoken|token|password"
          + "|oauth_token|api_key|secret)\"\\s*:\\s*\"([^\"]{8,})\"");
  private static final Pattern XML_PASSWORD = Pattern.compile("<password>([^<${}]{4,})</password>");
  private static final Pattern YAML_SECRET_FIELD =
      Pattern.compile("(?m)^\\s*(?:token|password|client-key-data|client-secret|oauth_token|auth-provider-token)"
          + "\\s*:\\s*[\"']?([^\\s\"']{8,})");

  /** Extensions of configuration files whose content is searched with keyword assignments too. */
  private static final Set<String> CONFIG_EXTENSIONS =
      Set.of("env", "ini", "cfg", "conf", "config", "properties", "yaml", "yml", "toml", "json", "xml", "tfvars",
          "secret", "secrets", "credentials", "cnf", "rc");

  private CredentialFiles() {}

  /** The credential-file kind a path's name suggests, if any. */
  public static Optional<CredentialFileKind> byName(String path) {
    String p = normalize(path);
    String lowerPath = p.toLowerCase(Locale.ROOT);
    String name = baseName(lowerPath);
    String parent = baseName(parentOf(lowerPath));
    if (name.isEmpty()) {
      return Optional.empty();
    }
    if (name.equals("credentials") && (parent.equals(".aws") || parent.equals("aws"))) {
      return Optional.of(AWS);
    }
    if (name.equals(".npmrc") || name.equals("npmrc")) {
      return Optional.of(NPMRC);
    }
    if (name.equals(".pypirc") || name.equals("pypirc")) {
      return Optional.of(PYPIRC);
    }
    if (name.equals(".netrc") || name.equals("_netrc")) {
      return Optional.of(NETRC);
    }
    if (name.equals(".git-credentials") || name.equals("git-credentials")) {
      return Optional.of(GIT_CREDENTIALS);
    }
    if ((name.equals("config.json") && parent.equals(".docker")) || name.equals(".dockercfg")) {
      return Optional.of(DOCKER_CONFIG);
    }
    if ((name.equals("config") && parent.equals(".kube")) || name.equals("kubeconfig")
        || name.endsWith(".kubeconfig")) {
      return Optional.of(KUBECONFIG);
    }
    if (name.endsWith(".pub")) {
      return Optional.empty();
    }
    if (SSH_KEY_NAME.matcher(name).matches() || (NAMED_SSH_KEY.matcher(name).matches() && !name.contains("."))) {
      return Optional.of(SSH_KEY);
    }
    if (name.endsWith(".pem") || name.endsWith(".key") || name.endsWith(".ppk") || name.endsWith(".asc")
        && name.contains("private")) {
      return Optional.of(PRIVATE_KEY);
    }
    if (name.endsWith(".p12") || name.endsWith(".pfx") || name.endsWith(".jks") || name.endsWith(".keystore")) {
      return Optional.of(KEYSTORE);
    }
    if (isDotenvName(name)) {
      return Optional.of(DOTENV);
    }
    if (name.equals(".pgpass") || name.equals("pgpass.conf")) {
      return Optional.of(PGPASS);
    }
    if (name.equals(".my.cnf") || name.equals("my.cnf") && parent.equals("root")) {
      return Optional.of(MY_CNF);
    }
    if (name.equals(".s3cfg") || name.equals(".boto") || name.equals(".passwd-s3fs")) {
      return Optional.of(S3CFG);
    }
    if (name.equals(".vault-token")) {
      return Optional.of(VAULT_TOKEN);
    }
    if (name.equals("application_default_credentials.json") || name.equals("credentials.json")
        || name.contains("service-account") && name.endsWith(".json")
        || name.equals("client_secret.json") || name.startsWith("client_secret_") && name.endsWith(".json")) {
      return Optional.of(GCP_KEY);
    }
    if (name.equals(".htpasswd") || name.equals("htpasswd")) {
      return Optional.of(HTPASSWD);
    }
    if ((name.equals("credentials") || name.equals("credentials.toml")) && (parent.equals(".cargo") || parent.equals(".gem"))
        || name.equals("credentials.tfrc.json") || name.equals(".terraformrc") || name.equals("terraform.rc")
        || name.equals("hosts.yml") && parent.equals("gh") || name.equals("auth.json") && parent.equals(".composer")
        || name.equals("settings-security.xml") || name.equals("settings.xml") && parent.equals(".m2")
        || name.equals("gradle.properties") && parent.equals(".gradle")) {
      return Optional.of(TOOL_CREDENTIALS);
    }
    if (name.matches("(?:.*[._-])?secrets?(?:\\.(?:ya?ml|json|env|txt|ini|toml|properties|conf))?")
        || name.endsWith(".tfvars")) {
      return Optional.of(SECRETS_FILE);
    }
    return Optional.empty();
  }

  /** Assesses a file from its name alone (the content is unknown). */
  public static FileAssessment assessName(String path) {
    Optional<CredentialFileKind> kind = byName(path);
    if (kind.isEmpty()) {
      return new FileAssessment(path, kind, FileAssessment.Verdict.NONE, "not a credential file name", Optional.empty());
    }
    var verdict = kind.get().nameIsEnough() ? FileAssessment.Verdict.CREDENTIAL : FileAssessment.Verdict.POSSIBLE;
    return new FileAssessment(path, kind, verdict, "named like a " + kind.get().title(), Optional.empty());
  }

  /**
   * Assesses a file whose content is known. A credential-named file is a credential only if its content
   * holds one (by format or by that file type's own fields); any other file only if its content holds a
   * format or contextual credential (configuration files: also a keyword assignment with a random value).
   */
  public static FileAssessment assess(String path, CharSequence content) {
    Optional<CredentialFileKind> kind = byName(path);
    List<CredentialMatch> strong = CredentialPatterns.find(content);
    if (!strong.isEmpty()) {
      CredentialMatch m = strong.getFirst();
      return new FileAssessment(path, kind, FileAssessment.Verdict.CREDENTIAL, "holds a credential: " + m.title(), Optional.of(m));
    }
    if (kind.isPresent()) {
      Optional<String> own = kindSpecificEvidence(kind.get(), content);
      if (own.isPresent()) {
        return new FileAssessment(path, kind, FileAssessment.Verdict.CREDENTIAL, own.get(), Optional.empty());
      }
    }
    if (genericRulesApply(path)) {
      List<CredentialMatch> generic = CredentialPatterns.find(content, Confidence.GENERIC);
      if (!generic.isEmpty()) {
        CredentialMatch m = generic.getFirst();
        return new FileAssessment(path, kind, FileAssessment.Verdict.CREDENTIAL, "holds a credential: " + m.title(), Optional.of(m));
      }
    }
    String reason = kind.map(k -> "named like a " + k.title() + " but holds no credential")
        .orElse("holds no credential");
    return new FileAssessment(path, kind, FileAssessment.Verdict.NONE, reason, Optional.empty());
  }

  /**
   * Whether keyword-assignment rules ({@link Confidence#GENERIC}) apply to a file of this name: credential-named
   * files and configuration files ({@code .yaml}, {@code .ini}, {@code .properties}, ...). In source code and
   * binaries they would match too often; there only format and contextual credentials count.
   */
  public static boolean genericRulesApply(String path) {
    return byName(path).isPresent() || CONFIG_EXTENSIONS.contains(extension(path));
  }

  /** True for {@code .env}, {@code .env.production}, {@code prod.env}; false for examples and templates. */
  public static boolean isDotenvName(String name) {
    String n = name.toLowerCase(Locale.ROOT);
    if (n.equals(".env")) {
      return true;
    }
    if (n.startsWith(".env.")) {
      String suffix = n.substring(5);
      return !DOTENV_SAFE_SUFFIXES.contains(suffix) && !suffix.endsWith(".example") && !suffix.endsWith(".sample")
          && !suffix.endsWith(".template") && !suffix.startsWith("example") && !suffix.startsWith("sample");
    }
    if (n.endsWith(".env") && n.length() > 4) {
      String stem = n.substring(0, n.length() - 4);
      return !(stem.contains("example") || stem.contains("sample") || stem.contains("template")
          || stem.contains("default"));
    }
    return false;
  }

  private static Optional<String> kindSpecificEvidence(CredentialFileKind kind, CharSequence content) {
    String text = content.toString();
    return switch (kind.id()) {
      case "aws-credentials", "s3cfg", "mysql-config", "pypirc", "dotenv", "secrets-file", "tool-credentials" ->
          secretAssignment(text).map(key -> "assigns a value to " + key);
      case "netrc" -> firstGroup(NETRC_PASSWORD, text, v -> !ValueShapes.isPlaceholder(v)).map(v -> "has a password");
      case "pgpass" -> firstGroup(PGPASS_LINE, text, v -> !ValueShapes.isPlaceholder(v)).map(v -> "has a password line");
      case "htpasswd" -> firstGroup(HTPASSWD_LINE, text, v -> true).map(v -> "has password hashes");
      case "vault-token" -> text.strip().length() >= 20 && !ValueShapes.isPlaceholder(text.strip())
          ? Optional.of("holds a token") : Optional.empty();
      case "gcp-credentials", "docker-config" ->
          firstGroup(JSON_SECRET_FIELD, text, v -> !ValueShapes.isPlaceholder(v)).map(v -> "has a secret field");
      case "kubeconfig" ->
          firstGroup(YAML_SECRET_FIELD, text, v -> !ValueShapes.isPlaceholder(v)).map(v -> "has a token or key");
      default -> firstGroup(XML_PASSWORD, text, v -> !ValueShapes.isPlaceholder(v)).map(v -> "has a password");
    };
  }

  /** The first {@code KEY=value} / {@code key: value} line with a secret-named key and a real value. */
  private static Optional<String> secretAssignment(String text) {
    Matcher m = KEY_ASSIGNMENT.matcher(text);
    while (m.find()) {
      String key = m.group(1).replace('.', '_').replace('-', '_');
      String value = ValueShapes.stripQuotes(m.group(2));
      if (SecretNames.kind(key) == SecretNames.NameKind.SECRET && !ValueShapes.isInnocuous(value)
          && !value.isBlank() && value.length() >= 4) {
        return Optional.of(m.group(1));
      }
    }
    return Optional.empty();
  }

  private static Optional<String> firstGroup(Pattern pattern, String text, Predicate<String> accept) {
    Matcher m = pattern.matcher(text);
    while (m.find()) {
      if (accept.test(m.group(1))) {
        return Optional.of(m.group(1));
      }
    }
    return Optional.empty();
  }

  private static CredentialFileKind kind(String id, String title, boolean nameIsEnough) {
    return new CredentialFileKind(id, title, nameIsEnough);
  }

  private static String normalize(String path) {
    String p = path.replace('\\', '/');
    while (p.endsWith("/") && p.length() > 1) {
      p = p.substring(0, p.length() - 1);
    }
    return p;
  }

  private static String baseName(String path) {
    int slash = path.lastIndexOf('/');
    return slash < 0 ? path : path.substring(slash + 1);
  }

  private static String parentOf(String path) {
    int slash = path.lastIndexOf('/');
    return slash < 0 ? "" : path.substring(0, slash);
  }

  private static String extension(String path) {
    String name = baseName(normalize(path)).toLowerCase(Locale.ROOT);
    if (name.startsWith(".") && name.indexOf('.', 1) < 0) {
      return name.substring(1); // .env, .npmrc
    }
    int dot = name.lastIndexOf('.');
    return dot < 0 ? "" : name.substring(dot + 1);
  }
}
