package dev.stowage.detect;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CredentialFilesTest {

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({
    ".aws/credentials, aws-credentials", "/root/.aws/credentials, aws-credentials", "aws/credentials, aws-credentials",
    "app/.npmrc, npmrc", ".pypirc, pypirc", "/root/.netrc, netrc", ".git-credentials, git-credentials",
    "/root/.docker/config.json, docker-config", "/root/.kube/config, kubeconfig", "prod.kubeconfig, kubeconfig",
    "deploy/id_rsa, ssh-private-key", "id_ed25519, ssh-private-key", "id_ecdsa_sk, ssh-private-key",
    "deploy_rsa, ssh-private-key", "certs/server.pem, private-key-file", "tls.key, private-key-file",
    "store.p12, keystore", ".env, dotenv", ".env.production, dotenv", "config/prod.env, dotenv",
    ".pgpass, pgpass", ".vault-token, vault-token", "gcp/service-account.json, gcp-credentials",
    "secrets.yaml, secrets-file", "terraform.tfvars, secrets-file", ".htpasswd, htpasswd",
    // not credential files
    "id_ed25519.pub, -", ".env.example, -", ".env.sample, -", ".env.template, -", "example.env, -",
    "config.json, -", "package-lock.json, -", "known_hosts, -", "README.md, -", "credentials.py, -",
    "keyboard.txt, -", "src/token.go, -", "secret_sauce.txt, -",
  })
  void recognisesCredentialFilesByName(String path, String kind) {
    assertThat(CredentialFiles.byName(path).map(CredentialFileKind::id).orElse("-")).isEqualTo(kind);
  }

  @ParameterizedTest
  @CsvSource({"deploy/id_rsa, CREDENTIAL", ".npmrc, POSSIBLE", ".env, POSSIBLE", "README.md, NONE"})
  void withoutContentOnlyConclusiveNamesAreCredentials(String path, FileAssessment.Verdict verdict) {
    assertThat(CredentialFiles.assessName(path).verdict()).isEqualTo(verdict);
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({
    "app/settings.ini, true", "etc/orders/app.yaml, true", "config.json, true", "app/.npmrc, true", ".env, true",
    "application.properties, true", "app/settings.py, false", "bin/busybox, false", "README.md, false",
    "src/auth.go, false",
  })
  void genericRulesApplyToConfigurationAndCredentialFilesOnly(String path, boolean applies) {
    assertThat(CredentialFiles.genericRulesApply(path)).isEqualTo(applies);
  }

  /** Each line of files/expectations.tsv: a fixture, the verdict its content gives, and its kind. */
  @TestFactory
  Stream<DynamicTest> contentDecides() throws IOException {
    return CredentialPatternsTest.resource("files/expectations.tsv").lines()
        .filter(line -> !line.isBlank() && !line.startsWith("#"))
        .map(line -> line.split("\t"))
        .map(cols -> DynamicTest.dynamicTest(cols[0] + " -> " + cols[1] + " (" + cols[3] + ")", () -> {
          String content = CredentialPatternsTest.resource("files/" + cols[0]);
          FileAssessment assessment = CredentialFiles.assess(cols[0], content);
          assertThat(assessment.verdict()).as(assessment.reason()).isEqualTo(FileAssessment.Verdict.valueOf(cols[1]));
          assertThat(assessment.kind().map(CredentialFileKind::id).orElse("-")).isEqualTo(cols[2]);
          assessment.evidence().ifPresent(e -> assertThat(e.redacted()).doesNotContain(secretOf(content, assessment)));
          assertThat(assessment.reason()).doesNotContain(secretOf(content, assessment));
        }));
  }

  private static String secretOf(String content, FileAssessment assessment) {
    return assessment.evidence()
        .map(e -> content.substring(e.secretStart(), e.secretEnd()))
        .orElse("\u0000never\u0000");
  }
}
