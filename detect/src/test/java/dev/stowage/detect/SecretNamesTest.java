package dev.stowage.detect;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stowage.detect.SecretNames.NameKind;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SecretNamesTest {

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({
    // BuildKit's own examples and the deny words as whole words
    "api_key, true", "DATABASE_PASSWORD, true", "GITHUB_TOKEN, true", "secret_MESSAGE, true", "AUTH, true",
    "AWS_SECRET_ACCESS_KEY, true", "AWS_ACCESS_KEY_ID, true", "APIKEY, true", "MY_PWORD, true", "PASSWD, true",
    "DB_CREDENTIALS, true", "CREDENTIAL_X, true", "_TOKEN_, true", "Key, true",
    // not a whole underscore-separated word: BuildKit does not split on '-' or camelCase
    "TOKENIZER_VERSION, false", "KEYBOARD_LAYOUT, false", "api-key, false", "apiKey, true", "myApiKey, false", "MONKEY, false",
    "PASSWORDS, false", "AUTHOR, false", "SECRETS_DIR, false", "github-token, false", "TOKENS, false",
    // the allow words win over the deny words
    "PUBLIC_KEY, false", "DB_PASSWORD_FILE, false", "TOKEN_VERSION, false",
    "AWS_SHARED_CREDENTIALS_FILE, false", "PUBLIC_KEY_URL, false", "KEY_public, false",
  })
  void matchesBuildKitSecretsUsedInArgOrEnv(String name, String expected) {
    assertThat(SecretNames.isSecretLike(name)).isEqualTo(expected.equals("true"));
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({
    "GITHUB_TOKEN, SECRET", "NPM_TOKEN, SECRET", "AWS_SECRET_ACCESS_KEY, SECRET", "AWS_ACCESS_KEY_ID, SECRET",
    "MYSQL_ROOT_PASSWORD, SECRET", "SERVICE_AUTH_JWT, SECRET", "SECRET_KEY_BASE, SECRET", "AUTH, SECRET",
    "PASSWORD_MIN_LENGTH, DESCRIBES_SECRET", "TOKEN_URL, DESCRIBES_SECRET", "AUTH_MODE, DESCRIBES_SECRET",
    "API_KEY_HEADER, DESCRIBES_SECRET", "SECRET_STORE_PATH, DESCRIBES_SECRET", "GPG_KEY_ID, DESCRIBES_SECRET",
    "GOOGLE_APPLICATION_CREDENTIALS, SECRET", "TOKEN_EXPIRY, DESCRIBES_SECRET",
    "TOKENIZER_VERSION, PLAIN", "DB_PASSWORD_FILE, PLAIN", "PIP_INDEX_URL, PLAIN", "PUBLIC_KEY_URL, PLAIN",
  })
  void refinesTheVerdictByTheLastWord(String name, NameKind expected) {
    assertThat(SecretNames.kind(name)).isEqualTo(expected);
  }

  @ParameterizedTest
  @CsvSource({"AWS_SECRET_ACCESS_KEY, secret", "my_Token, token", "TOKENIZER_VERSION, ''"})
  void namesTheDenyWord(String name, String word) {
    assertThat(SecretNames.denyWord(name)).isEqualTo(word.isEmpty() ? null : word);
  }
}
