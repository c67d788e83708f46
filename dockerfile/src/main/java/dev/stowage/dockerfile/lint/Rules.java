package dev.stowage.dockerfile.lint;

import java.util.List;
import java.util.Optional;

/** Every rule, as data. The docs (docs/lint-rules.md) are generated from this list. */
public final class Rules {
  private static final String BUILDKIT_DOCS = "https://docs.docker.com/go/dockerfile/rule/";
  private static final String STOWAGE_DOCS = "docs/lint-rules.md#";

  public static final Rule SECRET_ARG = secret("secret-arg", "ARG carries a secret",
      "An ARG whose name says it holds a secret (BuildKit's SecretsUsedInArgOrEnv words: apikey, auth, credential(s),"
          + " key, password, pword, passwd, secret, token, as whole `_`-separated words, unless public, file or version"
          + " is also a word), whose default is a credential, or whose `--build-arg` value is a credential even under"
          + " an innocent name. Build arguments are not a secret channel: BuildKit writes the value of every ARG a RUN"
          + " uses into the image history (`RUN |1 NAME=value ...`). Names that only describe a secret"
          + " (`TOKEN_URL`, `PASSWORD_MIN_LENGTH`) and harmless values (numbers, versions, paths, placeholders) are"
          + " not reported. Use a build secret instead; `stowage lint --fix` rewrites the ARG into"
          + " `RUN --mount=type=secret,id=<id>,env=<NAME>`.",
      "ARG %s: %s", List.of("SecretsUsedInArgOrEnv"));
  public static final Rule SECRET_ENV = secret("secret-env", "ENV carries a secret",
      "An ENV whose key names a secret and whose value is not a placeholder, reference or setting, whose value is a"
          + " credential, or whose value comes from a secret ARG. ENV values are stored in the image configuration"
          + " for anyone who pulls the image, and in its history.",
      "ENV %s: %s", List.of("SecretsUsedInArgOrEnv"));
  public static final Rule HARDCODED_SECRET = secret("hardcoded-secret", "A credential is written in the Dockerfile",
      "A credential literal in a RUN, LABEL, CMD, ENTRYPOINT or other instruction: a known token format (GitHub,"
          + " GitLab, npm, Slack, AWS, Google, SendGrid, Stripe, Vault, JWT, private keys, ...), a password in a URL,"
          + " or a secret-named assignment with a random-looking value. It ends up in the image history or config,"
          + " and in every copy of the Dockerfile.",
      "%s holds a %s", List.of());
  public static final Rule SECRET_FILE_COPY = secret("secret-file-copy", "A credential file is put in a layer",
      "COPY or ADD brings a credential file into the image (`.npmrc` with a token, `.aws/credentials`, `id_rsa`,"
          + " `.env`, `.git-credentials`, docker `config.json`, kubeconfig, ...), by name, inside a copied folder,"
          + " or through `COPY . .` when `.dockerignore` does not exclude it; a RUN writes a secret variable into a"
          + " file; or `COPY --from` carries a secret file out of another stage. Anyone who pulls the image can read"
          + " it. Files whose content is known to hold no credential (examples, placeholders, public keys) are not"
          + " reported.",
      "%s puts %s in the image", List.of());
  public static final Rule SECRET_REMOVED_LATER = secret("secret-removed-later",
      "A secret file is deleted or overwritten by a later step",
      "A secret file is added by one instruction and deleted (`rm`) or overwritten by a later one. Every instruction"
          + " is its own layer: the later step only hides the file, and the layer that added it still holds it."
          + " Reported on the instruction that adds the file.",
      "%s adds %s, which line %s removes; the earlier layer still holds it", List.of());
  public static final Rule SECRET_MOUNT_PERSISTED = secret("secret-mount-persisted",
      "A secret mount's content is written into the layer",
      "A `RUN --mount=type=secret` copies the secret into the image: `cp`, a redirect, `tee`, an encoded copy"
          + " (`base64`, URL-encoding), a tool that stores it (`npm config set`, `docker login`, `git clone` with a"
          + " token in the URL). The secret mount exists only for the RUN; what the RUN writes stays in the layer."
          + " Hashes, counts and tests of a secret are fine.",
      "%s writes %s into %s", List.of());
  public static final Rule SECRET_IN_LOG = secret("secret-in-log", "A secret is printed to the build output",
      "A RUN prints a secret to the build log: `echo $TOKEN`, `cat /run/secrets/x`, `env`, or `set -x` tracing a"
          + " command that expands a secret. Build logs are kept by CI systems and shown to everyone with access to"
          + " the build.",
      "%s prints %s to the build output", List.of());

  public static final Rule STAGE_NAME_CASING = buildkit("StageNameCasing", "Stage names should be lowercase",
      "Stage name '%s' should be lowercase", false);
  public static final Rule FROM_AS_CASING = buildkit("FromAsCasing",
      "The 'as' keyword should match the case of the 'from' keyword", "'%s' and '%s' keywords' casing do not match",
      false);
  public static final Rule NO_EMPTY_CONTINUATION = buildkit("NoEmptyContinuation",
      "Empty continuation lines will become errors in a future release", "Empty continuation line", false);
  public static final Rule CONSISTENT_INSTRUCTION_CASING = buildkit("ConsistentInstructionCasing",
      "All commands within the Dockerfile should use the same casing (either upper or lower)",
      "Command '%s' should match the case of the command majority (%s)", false);
  public static final Rule DUPLICATE_STAGE_NAME = buildkit("DuplicateStageName", "Stage names should be unique",
      "Duplicate stage name %s, stage names should be unique", false);
  public static final Rule RESERVED_STAGE_NAME = buildkit("ReservedStageName",
      "Reserved words should not be used as stage names",
      "Stage name should not use the same name as reserved stage %s", false);
  public static final Rule JSON_ARGS_RECOMMENDED = buildkit("JSONArgsRecommended",
      "JSON arguments recommended for ENTRYPOINT/CMD to prevent unintended behavior related to OS signals",
      "JSON arguments recommended for %s to prevent unintended behavior related to OS signals", false);
  public static final Rule MAINTAINER_DEPRECATED = buildkit("MaintainerDeprecated",
      "The MAINTAINER instruction is deprecated, use a label instead to define an image author",
      "Maintainer instruction is deprecated in favor of using label", false);
  public static final Rule UNDEFINED_ARG_IN_FROM = buildkit("UndefinedArgInFrom", "FROM command must use declared ARGs",
      "FROM argument '%s' is not declared", false);
  public static final Rule WORKDIR_RELATIVE_PATH = buildkit("WorkdirRelativePath",
      "Relative workdir without an absolute workdir declared within the build can have unexpected results if the"
          + " base image changes",
      "Relative workdir %s can have unexpected results if the base image changes", false);
  public static final Rule UNDEFINED_VAR = buildkit("UndefinedVar", "Variables should be defined before their use",
      "Usage of undefined variable '$%s'", false);
  public static final Rule MULTIPLE_INSTRUCTIONS_DISALLOWED = buildkit("MultipleInstructionsDisallowed",
      "Multiple instructions of the same type should not be used in the same stage",
      "Multiple %s instructions should not be used in the same stage because only the last one will be used", false);
  public static final Rule LEGACY_KEY_VALUE_FORMAT = buildkit("LegacyKeyValueFormat",
      "Legacy key/value format with whitespace separator should not be used",
      "\"%s key=value\" should be used instead of legacy \"%s key value\" format", false);
  public static final Rule REDUNDANT_TARGET_PLATFORM = buildkit("RedundantTargetPlatform",
      "Setting platform to predefined $TARGETPLATFORM in FROM is redundant as this is the default behavior",
      "Setting platform to predefined %s in FROM is redundant as this is the default behavior", false);
  public static final Rule INVALID_DEFAULT_ARG_IN_FROM = buildkit("InvalidDefaultArgInFrom",
      "Default value for global ARG results in an empty or invalid base image name",
      "Default value for ARG %s results in empty or invalid base image name", false);
  public static final Rule FROM_PLATFORM_FLAG_CONST_DISALLOWED = buildkit("FromPlatformFlagConstDisallowed",
      "FROM --platform flag should not use a constant value", "FROM --platform flag should not use constant value %s",
      false);
  public static final Rule COPY_IGNORED_FILE = buildkit("CopyIgnoredFile",
      "Attempting to Copy file that is excluded by .dockerignore",
      "Attempting to %s file %s that is excluded by .dockerignore", true);

  private static final List<Rule> ALL = List.of(SECRET_ARG, SECRET_ENV, HARDCODED_SECRET, SECRET_FILE_COPY,
      SECRET_REMOVED_LATER, SECRET_MOUNT_PERSISTED, SECRET_IN_LOG, STAGE_NAME_CASING, FROM_AS_CASING,
      NO_EMPTY_CONTINUATION, CONSISTENT_INSTRUCTION_CASING, DUPLICATE_STAGE_NAME, RESERVED_STAGE_NAME,
      JSON_ARGS_RECOMMENDED, MAINTAINER_DEPRECATED, UNDEFINED_ARG_IN_FROM, WORKDIR_RELATIVE_PATH, UNDEFINED_VAR,
      MULTIPLE_INSTRUCTIONS_DISALLOWED, LEGACY_KEY_VALUE_FORMAT, REDUNDANT_TARGET_PLATFORM,
      INVALID_DEFAULT_ARG_IN_FROM, FROM_PLATFORM_FLAG_CONST_DISALLOWED, COPY_IGNORED_FILE);

  private Rules() {}

  /** Every rule, secret rules first. */
  public static List<Rule> all() {
    return ALL;
  }

  /** The rules a name selects: a rule's id or alias ({@code SecretsUsedInArgOrEnv} selects two). */
  public static List<Rule> named(String name) {
    return ALL.stream().filter(r -> r.isNamed(name)).toList();
  }

  /** The rule with this exact id. */
  public static Optional<Rule> byId(String id) {
    return ALL.stream().filter(r -> r.id().equals(id)).findFirst();
  }

  private static Rule secret(String id, String title, String description, String format, List<String> aliases) {
    return new Rule(id, title, Severity.ERROR, Category.SECRETS, description, format, aliases, STOWAGE_DOCS + id,
        false);
  }

  private static Rule buildkit(String id, String title, String format, boolean experimental) {
    String slug = id.replaceAll("([a-z])([A-Z])", "$1-$2").replace("JSONArgs", "JSON-Args").toLowerCase(java.util.Locale.ROOT);
    return new Rule(id, title, Severity.WARNING, Category.BUILD_CHECKS, title + ".", format, List.of(),
        BUILDKIT_DOCS + slug + "/", experimental);
  }
}
