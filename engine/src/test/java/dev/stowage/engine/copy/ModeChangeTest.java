package dev.stowage.engine.copy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ModeChangeTest {
  @ParameterizedTest(name = "{0} on {1} (dir={2}) gives {3}")
  @CsvSource({
      // octal replaces all 12 bits, the entry's own set-id bits included
      "0755, 0644, false, 0755",
      "600, 4755, false, 0600",
      "2750, 0700, true, 2750",
      "0, 0777, false, 0",
      // symbolic edits the entry's bits
      "u+x, 0644, false, 0744",
      "go-w, 0666, false, 0644",
      // dchapes/mode honours X only with "+" (GNU chmod would give 0555 here)
      "a=rX, 0700, true, 0444",
      "a=rX, 0744, false, 0444",
      "'a=r,a+X', 0700, true, 0555",
      "+X, 0644, false, 0644",
      "+X, 0600, true, 0711",
      "-X, 0755, false, 0755",
      "'u=rwx,go=u-w', 0, false, 0755",
      "go=, 0777, false, 0700",
      "=, 0755, false, 0",
      "'=rw,+X', 0751, false, 0777",
      "u+s, 0755, false, 4755",
      "g+s, 0755, true, 2755",
      "o+s, 0755, false, 0755",
      "+t, 0755, true, 1755",
      "o+t, 0755, true, 0755",
      "u-s, 4755, false, 0755",
      "g=u, 0740, false, 0770",
      "o+g, 0750, false, 0755",
      "u+r-w, 0200, false, 0400",
      "a+rw, 0, false, 0666",
      "a-x, 4755, false, 4644",
  })
  void appliesLikeChmod(String text, String before, boolean directory, String after) {
    ModeChange change = ModeChange.parse(text);
    assertThat(Integer.toOctalString(change.apply(Integer.parseInt(before, 8), directory)))
        .isEqualTo(Integer.toOctalString(Integer.parseInt(after, 8)));
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "u", "u+q", "8", "07777x", "10000", "u+x,", "x+r", "0o755"})
  void refusesWhatIsNeitherOctalNorSymbolic(String text) {
    assertThatThrownBy(() -> ModeChange.parse(text)).isInstanceOf(CopyException.class)
        .hasMessage("invalid chmod parameter: '" + text + "'. it should be octal string and between 0 and 07777");
  }

  @org.junit.jupiter.api.Test
  void remembersItsFormAndText() {
    assertThat(ModeChange.parse("0640").isOctal()).isTrue();
    assertThat(ModeChange.parse("u+x").isOctal()).isFalse();
    assertThat(ModeChange.parse("u+x")).hasToString("u+x");
  }
}
