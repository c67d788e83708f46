package dev.stowage.scan.detect;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stowage.secrets.SecretValue;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class KnownValuesTest {
  private static final Fingerprinter FINGERPRINTS = Fingerprinter.withKey(new byte[32]);

  private static List<String> parts(String value) {
    return KnownValues.partsOf(value.getBytes(StandardCharsets.UTF_8)).stream()
        .map(b -> new String(b, StandardCharsets.UTF_8)).toList();
  }

  @Test
  void aSingleLineValueIsSearchedWholeAndWithoutItsNewline() {
    assertThat(parts("4y9ojfljoQoaF1LlqsajAIxN\n")).containsExactly("4y9ojfljoQoaF1LlqsajAIxN\n", "4y9ojfljoQoaF1LlqsajAIxN");
  }

  @Test
  void aSecretFileAlsoYieldsTheCredentialsItsLinesHold() {
    String aws = "[default]\naws_access_key_id = AKIA81U33XTPLPFT75V2\n"
        + "aws_secret_access_key = Kjp1vRt/1fjORS+6ilI8ihN5KXSc7Tvo+hBKqFYY\nregion = eu-west-1\n"
        + "output = json\nrole_session_name = deploybot\n";
    assertThat(parts(aws)).contains("AKIA81U33XTPLPFT75V2", "Kjp1vRt/1fjORS+6ilI8ihN5KXSc7Tvo+hBKqFYY")
        .doesNotContain("eu-west-1", "json", "deploybot");
    assertThat(parts("//registry.npmjs.org/:_authToken=npm_KLzdocJ2isAjIhKtJ0RlgLKOmxgJTeKdNnFR\n"))
        .contains("npm_KLzdocJ2isAjIhKtJ0RlgLKOmxgJTeKdNnFR")
        .doesNotContain("https://registry.npmjs.org/");
  }

  @Test
  void valuesTooShortToSearchAreListedAndEvidenceKeepsOnlyAFormatPrefix() {
    try (SecretValue shortOne = SecretValue.ofUtf8("abc");
        SecretValue token = SecretValue.ofUtf8("npm_KLzdocJ2isAjIhKtJ0RlgLKOmxgJTeKdNnFR");
        KnownValues known = KnownValues.of(List.of(new KnownValues.Named("secret 'pin'", shortOne),
            new KnownValues.Named("secret 'npm'", token)), FINGERPRINTS)) {
      assertThat(known.tooShort()).containsExactly("secret 'pin'");
      List<KnownValues.Hit> hits = known.find("x npm_KLzdocJ2isAjIhKtJ0RlgLKOmxgJTeKdNnFR y".getBytes(StandardCharsets.UTF_8));
      assertThat(hits).singleElement().satisfies(h -> {
        assertThat(h.info().evidence().redacted()).isEqualTo("npm_****");
        assertThat(h.info().rule()).isEqualTo("known-value");
        assertThat(h.start()).isEqualTo(2);
      });
    }
  }
}
