package dev.stowage.secrets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class SecretIdTest {
  @Test
  void acceptsWhatBuildKitAccepts() {
    for (String id : new String[] {"a", "npm-token", "my secret", "path/like.id", "a=b", "ünïcødé", "x".repeat(500)}) {
      assertThat(SecretId.of(id).value()).isEqualTo(id);
    }
  }

  @Test
  void refusesEmptyAndControlCharacters() {
    assertThatThrownBy(() -> SecretId.of("")).hasMessage("a secret id must not be empty");
    assertThatThrownBy(() -> SecretId.of(null)).hasMessage("a secret id must not be empty");
    assertThatThrownBy(() -> SecretId.of("a\u001b[31m"))
        .hasMessage("secret id contains the control character U+001B at position 2; use printable characters only");
    assertThatThrownBy(() -> SecretId.of("tab\there")).hasMessageContaining("U+0009");
  }

  @Test
  void printsAsTheBareIdAndComparesByValue() {
    assertThat(SecretId.of("npmrc")).hasToString("npmrc").isEqualTo(SecretId.of("npmrc"));
    assertThat(SecretId.of("a")).isLessThan(SecretId.of("b"));
  }

  @Test
  void equalsAndHashCodeFollowTheValue() {
    assertThat(SecretId.of("npm")).isEqualTo(SecretId.of("npm")).hasSameHashCodeAs(SecretId.of("npm"))
        .isNotEqualTo(SecretId.of("NPM")).isNotEqualTo("npm").isNotEqualTo(null);
    // written out by hand: a new component must join them
    assertThat(SecretId.class.getRecordComponents()).hasSize(1);
  }
}
