package dev.stowage.detect;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class CredentialPatternsTest {

  /** text | expected pattern id | the secret (must not survive redaction) | expected redacted form */
  @ParameterizedTest(name = "{1}: {0}")
  @CsvSource(delimiter = '|', textBlock = """
      export GH=ghp_u8jzPde0IgxLd6GncfBAepfJBd0Kh8oOOL8d | github-token | ghp_u8jzPde0IgxLd6GncfBAepfJBd0Kh8oOOL8d | ghp_****
      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 | github-fine-grained-pat | KLzdocJ2isAjIhKtJ0RlgL_KOmxgJTeKdNnFRIBXuDL7DxtpYlSXpfKtHF4vUCsMehGAkWvj7FAc9QeWJK | github_pat_****
      token="glpat-Y40uvSwMFLZDe1f8rESQ" | gitlab-token | Y40uvSwMFLZDe1f8rESQ | glpat-****
      //registry.npmjs.org/:_authToken=npm_edUStPKR0CsTy4Qwb8DwkNhFdnXsiVpzz63F | npm-token | npm_edUStPKR0CsTy4Qwb8DwkNhFdnXsiVpzz63F | npm_****
      Authorization: Bearer xoxb-12768426846-5632122330792-qsajAIxNKu8iS2G8NPRVdD53 | slack-token | qsajAIxNKu8iS2G8NPRVdD53 | xoxb-****
      https://hooks.slack.com/services/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 | slack-webhook | TBGzvAmwufUxbvJDCTbyvHNs | https://hooks.slack.com/services/T1ENTHJXJ/BQI3OGZ5KOK/****
      key=AIzaX83RZJzzzzgEOzdmenCkhvMdgaKjIg8xNbe | google-api-key | AIzaX83RZJzzzzgEOzdmenCkhvMdgaKjIg8xNbe | AIza****
      SG.3nNyjOq9wMxEhh2FDEEtfj.gVvVqE1SkHbn88HxjSI6bWHtP3fS2qHx6kwXoIIXGvO | sendgrid-api-key | 3nNyjOq9wMxEhh2FDEEtfj | SG.****
      VAULT_TOKEN=hvs.oNZYW2mZp0zVZomHFwUbbYrE | vault-token | oNZYW2mZp0zVZomHFwUbbYrE | hvs.****
      sk_live_qmSM9wCZ7Uw9xfogoEmvnEN5 | stripe-secret-key | qmSM9wCZ7Uw9xfogoEmvnEN5 | sk_live_****
      dckr_pat_ENUhJduRHHJEYXg4JdpmrcXgGCJ | dockerhub-token | ENUhJduRHHJEYXg4JdpmrcXgGCJ | dckr_pat_****
      AWS_ACCESS_KEY_ID=AKIAA6WFHYM6L3VFZ5ZF | aws-access-key-id | A6WFHYM6L3VFZ5ZF | AKIA****
      aws_secret_access_key = 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 | aws-secret-access-key | uvqdt7s8Stqcbnr3yBdGBLEPH1qhT61qtc4xatws | aws_secret_access_key = ****
      "SecretAccessKey": "uvqdt7s8Stqcbnr3yBdGBLEPH1qhT61qtc4xatws" | aws-secret-access-key | uvqdt7s8Stqcbnr3yBdGBLEPH1qhT61qtc4xatws | SecretAccessKey": "****
      pip install --index-url https://ci-reader:s6qyaMdUS1HX6CIjvL@pypi.corp.example.com/simple/ x | url-password | s6qyaMdUS1HX6CIjvL | https://ci-reader:****@pypi.corp.example.com
      DATABASE_URL=postgres://mailer:zSVS53ycRSUhWa3QY8@db.internal:5432/mailer | url-password | zSVS53ycRSUhWa3QY8 | postgres://mailer:****@db.internal:5432
      eyJhbGciOiAiSFMyNTYiLCAidHlwIjogIkpXVCJ9.eyJzdWIiOiAic3ZjLWZpeHR1cmUiLCAiaWF0IjogMTc2NzIyNTYwMH0.575yx8xm5MslfY5ubiheyEd7P4zDL_ak6J0kGODKdin | jwt | 575yx8xm5MslfY5ubiheyEd7P4zDL_ak6J0kGODKdin | eyJ****
      {"auths":{"r.example.com":{"auth":"Y2k6c0Q4ZnMzMmtkOTMya2Q="}}} | docker-config-auth | Y2k6c0Q4ZnMzMmtkOTMya2Q= | "auth":"****"
      //npm.corp.example.com/:_authToken=0f3a9c2e7b5d41e8a6c3b9d2e7f10a4c | npmrc-auth | 0f3a9c2e7b5d41e8a6c3b9d2e7f10a4c | _authToken=****
      curl -H 'Authorization: Bearer 7f3kQ9zL2mX8vB4nR6tY1wE5' https://api | authorization-header | 7f3kQ9zL2mX8vB4nR6tY1wE5 | Authorization: Bearer ****
      curl -u deploy:hunter2xyz https://files.corp/upload | cli-user-password | hunter2xyz | deploy:****
      """)
  void findsAndRedacts(String text, String id, String secret, String redacted) {
    List<CredentialMatch> found = CredentialPatterns.find(text);
    assertThat(found).extracting(CredentialMatch::patternId).containsExactly(id);
    CredentialMatch match = found.getFirst();
    assertThat(match.redacted()).contains(redacted).doesNotContain(secret);
    assertThat(text.substring(match.secretStart(), match.secretEnd())).contains(secret.substring(secret.length() - 8));
  }

  @ParameterizedTest
  @ValueSource(strings = {
      // public keys, hashes and digests
      "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIFezXEhbUpBnjDkmk+HEbN1AGFv4g3Z3wP4sF06jSoyg dev@example.invalid",
      "\"integrity\": \"sha512-LXfFDVj740Xlq4kr/gRbhPN8ad2IzGUqDnKqRbSs1L84SZpVR+XqAZemAqpWLOxa+kOwicwrdS/W08fHqzymkg==\"",
      "github.com/example/mod0 v1.0.0 h1:LBKgpglveLqQigphkmfJ2uubzZMyuaZa05h8UIAiRzQ=",
      "FROM alpine@sha256:4bcff63911fcb4448bd4fdacec207030997caf25e9bea4045fa6c8c44de311d1",
      "-----BEGIN PUBLIC KEY-----\nMIGfMA0GCSqGSIb3DQEBAQUAA4GNADCBiQKBgQC7\n-----END PUBLIC KEY-----",
      "grep -q 'BEGIN OPENSSH PRIVATE KEY' /root/.ssh/id_ed25519",
      // placeholders and references
      "AWS_ACCESS_KEY_ID=AKIAIOSFODNN7EXAMPLE",
      "aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
      "DATABASE_URL=postgres://USER:PASSWORD@localhost:5432/app",
      "printf 'DATABASE_URL=postgres://app:%s@db.internal:5432/app' \"$pw\"",
      "https://${USER}:${TOKEN}@git.example.com/x.git",
      "https://user:$TOKEN@git.example.com/x.git",
      "SLACK_WEBHOOK_URL=https://hooks.slack.com/services/XXXXXXXX/XXXXXXXX/XXXXXXXXXXXXXXXX",
      "//registry.npmjs.org/:_authToken=${NPM_TOKEN}",
      "GITHUB_TOKEN=ghp_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx",
      "curl -u \"user:$MY_SECRET\" https://example.com",
      "Authorization: Bearer $TOKEN",
      "wget --header \"Authorization: Bearer ${API_TOKEN}\" https://x",
      // innocent names
      "TOKENIZER_VERSION=1.4.2 PASSWORD_MIN_LENGTH=8",
      "ENV TOKEN_URL=https://auth.example.com/oauth/token AUTH_MODE=oidc API_KEY_HEADER=X-Api-Key",
      "git clone git@github.com:shop/api.git",
      "ssh://git@git.example.com:22/shop/api.git",
  })
  void ignoresLookAlikes(String text) {
    assertThat(CredentialPatterns.find(text, Confidence.GENERIC)).isEmpty();
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', textBlock = """
      password: M43xSBK-FLAC7jz54wTAOSjM | M43xSBK-FLAC7jz54wTAOSjM
      DB_PASSWORD=Winter2024!shop | Winter2024!shop
      "client_secret": "q8Vn2Lx7Rt4Kp1Zs9Wd3" | q8Vn2Lx7Rt4Kp1Zs9Wd3
      mysql --password=Tr0ub4dor&3x -e 'select 1' | Tr0ub4dor&3x
      """)
  void genericAssignmentsNeedARandomValue(String text, String secret) {
    assertThat(CredentialPatterns.find(text)).isEmpty();
    List<CredentialMatch> found = CredentialPatterns.find(text, Confidence.GENERIC);
    assertThat(found).extracting(CredentialMatch::patternId).containsExactly("generic-secret-assignment");
    assertThat(found.getFirst().redacted()).doesNotContain(secret);
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "PASSWORD_MIN_LENGTH = 8", "TOKEN_HEADER = \"Authorization\"", "SESSION_SECRET = secret_key()",
      "API_TOKEN = None  # injected at runtime", "password: ${DB_PASSWORD}", "password_file: /run/secrets/db",
      "def check_password(password: str) -> bool:", "secret = os.environ[\"SECRET_KEY\"]", "API_KEY=changeme",
      "token: production", "password=12345678", "SECRET_KEY=$(cat /run/secrets/key)",
      "- aws_secret_access_key: AWS_SECRET_ACCESS_KEY", "\"- client_secret: CLOUDSDK_AUTH_CLIENT_SECRET\\n- uri\"",
  })
  void genericAssignmentsIgnoreCodeAndPlaceholders(String text) {
    assertThat(CredentialPatterns.find(text, Confidence.GENERIC)).isEmpty();
  }

  @Test
  void findsPrivateKeysAndRedactsTheWholeBody() throws IOException {
    for (String fixture : List.of("files/keys/rsa-private.pem", "files/ssh/id_ed25519")) {
      String pem = resource(fixture);
      List<CredentialMatch> found = CredentialPatterns.find("COPY fixture\n" + pem);
      assertThat(found).extracting(CredentialMatch::patternId).containsExactly("private-key");
      String body = pem.lines().skip(1).findFirst().orElseThrow();
      assertThat(found.getFirst().redacted()).startsWith("-----BEGIN ").endsWith("****").doesNotContain(body);
    }
  }

  @Test
  void findsAPrivateKeyWrittenWithEscapedNewlines() throws IOException {
    String pem = resource("files/ssh/id_ed25519").replace("\n", "\\n");
    assertThat(CredentialPatterns.find("RUN printf '" + pem + "' > /root/.ssh/id_ed25519"))
        .extracting(CredentialMatch::patternId)
        .containsExactly("private-key");
  }

  @Test
  void ignoresPublicKeysAndCertificates() throws IOException {
    assertThat(CredentialPatterns.find(resource("files/keys/public.pem"), Confidence.GENERIC)).isEmpty();
    assertThat(CredentialPatterns.find(resource("files/keys/certificate.pem"), Confidence.GENERIC)).isEmpty();
    assertThat(CredentialPatterns.find(resource("files/ssh/id_ed25519.pub"), Confidence.GENERIC)).isEmpty();
  }

  @Test
  void theStrongerMatchWinsWhereTwoOverlap() {
    String text = "https://ci-bot:ghp_u8jzPde0IgxLd6GncfBAepfJBd0Kh8oOOL8d@github.com";
    assertThat(CredentialPatterns.find(text)).extracting(CredentialMatch::patternId).containsExactly("github-token");
  }

  @Test
  void findsSeveralInOrder() {
    String text = "AWS_ACCESS_KEY_ID=AKIAA6WFHYM6L3VFZ5ZF\nAWS_SECRET_ACCESS_KEY=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\n";
    assertThat(CredentialPatterns.find(text))
        .extracting(CredentialMatch::patternId)
        .containsExactly("aws-access-key-id", "aws-secret-access-key");
  }

  @Test
  void everyPatternHasAUniqueId() {
    assertThat(CredentialPatterns.all()).extracting(CredentialPattern::id).doesNotHaveDuplicates();
  }

  static String resource(String name) throws IOException {
    try (InputStream in = CredentialPatternsTest.class.getResourceAsStream("/" + name)) {
      assertThat(in).as(name).isNotNull();
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
