package dev.stowage.detect;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ValueShapesTest {

  @ParameterizedTest
  @ValueSource(strings = {"", "changeme", "CHANGEME", "<token>", "<your-access-key-id>", "${TOKEN}", "$TOKEN",
      "xxxxxxxx", "********", "your-api-key", "AKIAIOSFODNN7EXAMPLE", "%s", "{{ .Token }}", "PASSWORD", "'secret'",
      "[YOUR TOKEN]", "replace_me", "none", "$(cat /run/secrets/x)"})
  void placeholders(String value) {
    assertThat(ValueShapes.isPlaceholder(value)).isTrue();
  }

  /**
   * Words that stand for a password in documentation ({@code postgres://USER:PASSWORD@host}) are placeholders in URLs
   * and files, but as the value of a secret-named ENV they are real, weak passwords.
   */
  @ParameterizedTest
  @ValueSource(strings = {"admin", "root", "password", "s3cr3t", "test"})
  void documentationWordsArePlaceholdersButNotInnocuous(String value) {
    assertThat(ValueShapes.isPlaceholder(value)).isTrue();
    assertThat(ValueShapes.isMarker(value)).isFalse();
    assertThat(ValueShapes.isInnocuous(value)).isFalse();
  }

  @ParameterizedTest
  @ValueSource(strings = {"Winter2024!shop", "hunter2", "glpat-xa51lnsRyo_0E7ugYn9R", "s6qyaMdUS1HX6CIjvL"})
  void realValuesAreNotPlaceholders(String value) {
    assertThat(ValueShapes.isPlaceholder(value)).isFalse();
    assertThat(ValueShapes.isInnocuous(value)).isFalse();
  }

  @ParameterizedTest
  @ValueSource(strings = {"8", "1.4.2", "v2.0.1-rc1", "true", "off", "/run/secrets/db_password",
      "https://auth.example.com/oauth/token", "X-Api-Key", "0x4AEE18F83AFDEB23", "30s", "${PASSWORD_MIN_LENGTH}",
      "./secrets", "~/.aws/credentials"})
  void innocuousValues(String value) {
    assertThat(ValueShapes.isInnocuous(value)).isTrue();
  }

  @ParameterizedTest
  @ValueSource(strings = {"Winter2024!shop", "M43xSBK-FLAC7jz54wTAOSjM", "s6qyaMdUS1HX6CIjvL"})
  void randomLookingValues(String value) {
    assertThat(ValueShapes.looksRandom(value)).isTrue();
  }

  @ParameterizedTest
  @ValueSource(strings = {"production", "Authorization", "secret_key()", "development-mode", "12345678",
      "changeme123", "https://example.com/x"})
  void wordsAndNumbersDoNotLookRandom(String value) {
    assertThat(ValueShapes.looksRandom(value)).isFalse();
  }
}
