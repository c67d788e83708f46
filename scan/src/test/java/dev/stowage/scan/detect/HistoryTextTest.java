package dev.stowage.scan.detect;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stowage.secrets.SecretValue;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class HistoryTextTest {
  @Test
  void readsTheBuildArgumentsBuildKitRecordsInFrontOfARun() {
    String createdBy = "RUN |3 AWS_ACCESS_KEY_ID=AKIA81U33XTPLPFT75V2 NOTE=two words AWS_DEFAULT_REGION=eu-west-1"
        + " /bin/sh -c mkdir -p /opt # buildkit";
    assertThat(HistoryText.pairs(createdBy)).extracting(p -> p.key() + "=" + p.value())
        .containsExactly("AWS_ACCESS_KEY_ID=AKIA81U33XTPLPFT75V2", "NOTE=two words", "AWS_DEFAULT_REGION=eu-west-1");
  }

  @Test
  void readsEnvLabelAndArgPairsOfBothBuilders() {
    assertThat(HistoryText.pairs("ENV MYSQL_USER=shop MYSQL_ROOT_PASSWORD=Winter2024!shop"))
        .extracting(p -> p.kind() + " " + p.key() + "=" + p.value())
        .containsExactly("env MYSQL_USER=shop", "env MYSQL_ROOT_PASSWORD=Winter2024!shop");
    assertThat(HistoryText.pairs("/bin/sh -c #(nop)  LABEL a.b=\"x y\" c=d"))
        .extracting(p -> p.kind() + " " + p.key() + "=" + p.value())
        .containsExactly("label a.b=x y", "label c=d");
    assertThat(HistoryText.pairs("/bin/sh -c #(nop) ENV GOSU_VERSION 1.17"))
        .extracting(p -> p.key() + "=" + p.value()).containsExactly("GOSU_VERSION=1.17");
    assertThat(HistoryText.pairs("COPY . /app # buildkit")).isEmpty();
  }

  @ParameterizedTest
  @CsvSource({
    "MYSQL_ROOT_PASSWORD, Winter2024!shop, true",
    "com.example.deploy-token, Xk29sLq0wP3mZt7a, true",
    "PASSWORD_MIN_LENGTH, 8, false",
    "TOKEN_URL, https://auth.example.com/token, false",
    "DB_PASSWORD_FILE, /run/secrets/db, false",
    "GPG_KEY, A035C8C19219BA821ECEA86B64E628F8D684696D, false",
    "GPG_KEY, not-a-fingerprint-Xk29sLq0, true",
    "API_KEY, ${API_KEY}, false",
    "SECRET, changeme, false",
  })
  void judgesSecretNamedPairsAsLintDoes(String key, String value, boolean secret) {
    assertThat(HistoryText.secretByName(key, value)).isEqualTo(secret);
  }

  @Test
  void redactionMasksKnownValuesCredentialsAndSecretNamedValues() {
    String createdBy = "RUN |2 NPM_TOKEN=npm_KLzdocJ2isAjIhKtJ0RlgLKOmxgJTeKdNnFR DB_PASSWORD=Winter2024!shop /bin/sh -c"
        + " curl -H 'X-Key: 4y9ojfljoQoaF1LlqsajAIxN' https://x";
    try (SecretValue value = SecretValue.ofUtf8("4y9ojfljoQoaF1LlqsajAIxN");
        KnownValues known = KnownValues.of(List.of(new KnownValues.Named("secret 'k'", value)),
            Fingerprinter.withKey(new byte[32]))) {
      String redacted = HistoryText.redact(createdBy, known);
      assertThat(redacted).doesNotContain("KLzdocJ2isAjIhKtJ0RlgLKOmxgJTeKdNnFR", "Winter2024!shop",
          "4y9ojfljoQoaF1LlqsajAIxN").contains("DB_PASSWORD=****", "X-Key: ****", "curl");
    }
  }
}
