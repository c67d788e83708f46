package dev.stowage.scan.detect;

import dev.stowage.detect.CredentialPattern;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * For each credential pattern of {@code detect}: literal keywords, one of which (ignoring ASCII case) occurs in every
 * match, and how far before and after a keyword a match can reach. Streaming content runs a pattern's regular
 * expression only around its keywords, which keeps a scan near decompression speed. A pattern without an entry
 * here is run over nothing, so {@code PatternKeywordsTest} checks that every pattern has one.
 */
final class PatternKeywords {
  /** The keywords of one pattern and its reach around them, in bytes. */
  record Spec(List<String> keywords, int before, int after) {}

  /** The largest {@link Spec#before()}: bytes kept before the scan position for look-behind. */
  static final int MAX_BEFORE = 512;

  /** The largest {@link Spec#after()}. */
  static final int MAX_AFTER = 17 * 1024;

  private static final int NEAR = 16; // room for a look-behind of a character class or a short prefix

  private static final Map<String, Spec> SPECS = Map.ofEntries(
      // -----BEGIN ... PRIVATE KEY----- then up to 16 KiB of body and the END line.
      Map.entry("private-key", new Spec(List.of("private key"), 64, MAX_AFTER)),
      Map.entry("aws-access-key-id", new Spec(
          List.of("akia", "asia", "abia", "acca", "agpa", "aida", "aroa", "anpa", "anva", "aipa"), NEAR, 32)),
      Map.entry("github-token", new Spec(List.of("ghp_", "gho_", "ghu_", "ghs_", "ghr_"), NEAR, 280)),
      Map.entry("github-fine-grained-pat", new Spec(List.of("github_pat_"), NEAR, 110)),
      Map.entry("gitlab-token", new Spec(
          List.of("glpat-", "gldt-", "glrt-", "glptt-", "glft-", "glcbt-", "glsoat-", "gloas-", "glimt-", "glagent-"),
          NEAR, 1024)),
      Map.entry("npm-token", new Spec(List.of("npm_"), NEAR, 48)),
      Map.entry("slack-token", new Spec(List.of("xox"), NEAR, 512)),
      Map.entry("slack-app-token", new Spec(List.of("xapp-"), NEAR, 512)),
      Map.entry("slack-webhook", new Spec(List.of("hooks.slack.com"), NEAR, 512)),
      Map.entry("google-api-key", new Spec(List.of("aiza"), NEAR, 48)),
      Map.entry("sendgrid-api-key", new Spec(List.of("sg."), NEAR, 80)),
      Map.entry("vault-token", new Spec(List.of("hvs.", "hvb.", "hvr."), NEAR, 1024)),
      Map.entry("stripe-secret-key", new Spec(List.of("sk_live_", "sk_test_", "rk_live_", "rk_test_"), NEAR, 512)),
      Map.entry("pypi-token", new Spec(List.of("pypi-ageichlwas5vcmc"), NEAR, 1024)),
      Map.entry("dockerhub-token", new Spec(List.of("dckr_pat_", "dckr_oat_"), NEAR, 512)),
      Map.entry("huggingface-token", new Spec(List.of("hf_"), NEAR, 48)),
      // sk-[proj-]<20 or more>T3BlbkFJ<20 or more>: the marker sits in the middle.
      Map.entry("openai-api-key", new Spec(List.of("t3blbkfj"), 400, 512)),
      Map.entry("anthropic-api-key", new Spec(List.of("sk-ant-"), NEAR, 512)),
      Map.entry("digitalocean-token", new Spec(List.of("doo_v1_", "dop_v1_", "dor_v1_"), NEAR, 80)),
      Map.entry("telegram-bot-token", new Spec(List.of(":aa"), NEAR, 48)),
      Map.entry("age-secret-key", new Spec(List.of("age-secret-key-1"), NEAR, 80)),
      Map.entry("jwt", new Spec(List.of("eyj"), NEAR, 8192)),
      Map.entry("aws-secret-access-key", new Spec(
          List.of("secretaccess", "secret_access", "awssecret", "aws_secret"), 32, 160)),
      Map.entry("azure-storage-key", new Spec(List.of("accountkey"), NEAR, 160)),
      Map.entry("docker-config-auth", new Spec(List.of("\"auth\""), NEAR, 4096)),
      Map.entry("npmrc-auth", new Spec(List.of("_auth", "_password"), NEAR, 512)),
      // scheme://user:password@host: the scheme (up to 20) before, user info and password after.
      Map.entry("url-password", new Spec(List.of("://"), 32, 512)),
      Map.entry("authorization-header", new Spec(List.of("authorization"), 32, 4096)),
      Map.entry("cli-user-password", new Spec(List.of("-u", "--user", "--proxy-user"), NEAR, 512)),
      // [prefix_]password = value: the prefix words come before the keyword.
      Map.entry("generic-secret-assignment", new Spec(
          List.of("password", "passwd", "pwd", "secret", "api_key", "api-key", "api.key", "apikey", "access_key",
              "access-key", "access.key", "accesskey", "token", "private_key", "private-key", "private.key",
              "privatekey", "credential"),
          MAX_BEFORE - NEAR, 280)));

  private PatternKeywords() {}

  static Optional<Spec> of(CredentialPattern pattern) {
    return Optional.ofNullable(SPECS.get(pattern.id()));
  }
}
