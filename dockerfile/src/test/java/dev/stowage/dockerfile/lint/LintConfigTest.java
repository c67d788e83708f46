package dev.stowage.dockerfile.lint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class LintConfigTest {

  @Test
  void parsesBuildKitCheckSyntax() {
    LintConfig c = LintConfig.parse(" skip = JSONArgsRecommended, secret-env ; error = true ");
    assertThat(c.skip()).containsExactlyInAnyOrder("JSONArgsRecommended", "secret-env");
    assertThat(c.failsOnFindings()).isTrue();
    assertThat(c.enables(Rules.JSON_ARGS_RECOMMENDED)).isFalse();
    assertThat(c.enables(Rules.SECRET_ENV)).isFalse();
    assertThat(c.enables(Rules.SECRET_ARG)).isTrue();
  }

  @Test
  void anAliasSelectsEveryRuleItNames() {
    LintConfig c = LintConfig.parse("skip=SecretsUsedInArgOrEnv");
    assertThat(c.enables(Rules.SECRET_ARG)).isFalse();
    assertThat(c.enables(Rules.SECRET_ENV)).isFalse();
    assertThat(Rules.named("secretsusedinargorenv")).containsExactly(Rules.SECRET_ARG, Rules.SECRET_ENV);
  }

  @Test
  void skipAllSkipsEverything() {
    LintConfig c = LintConfig.parse("skip=all");
    assertThat(Rules.all()).noneMatch(c::enables);
  }

  @Test
  void experimentalRulesNeedToBeEnabled() {
    assertThat(LintConfig.defaults().enables(Rules.COPY_IGNORED_FILE)).isFalse();
    assertThat(LintConfig.parse("experimental=CopyIgnoredFile").enables(Rules.COPY_IGNORED_FILE)).isTrue();
    assertThat(LintConfig.parse("experimental=all").enables(Rules.COPY_IGNORED_FILE)).isTrue();
  }

  @Test
  void optionsOverrideTheDirective() {
    LintConfig directive = LintConfig.parse("skip=secret-arg;error=true");
    LintConfig merged = directive.with(LintConfig.parse("skip=StageNameCasing;error=false"));
    assertThat(merged.skip()).containsExactlyInAnyOrder("secret-arg", "StageNameCasing");
    assertThat(merged.failsOnFindings()).isFalse();
    assertThat(directive.with(LintConfig.parse("skip=x")).failsOnFindings()).isTrue();
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', textBlock = """
      skip                | invalid check option "skip" (expected skip=..., error=... or experimental=...)
      error=maybe         | failed to parse check option "error=maybe": expected true or false
      warn=true           | invalid check option "warn" (expected skip, error or experimental)
      """)
  void badOptionsSayWhatIsWrong(String value, String message) {
    assertThatThrownBy(() -> LintConfig.parse(value)).isInstanceOf(LintConfigException.class).hasMessage(message);
  }

  @ParameterizedTest
  @ValueSource(strings = {"check=skip=secret-arg", " check=skip=secret-arg,StageNameCasing", "CHECK=skip=secret-arg"})
  void inlineCommentsSkipRules(String comment) {
    assertThat(LintConfig.inlineSkips(comment)).contains("secret-arg");
  }

  @Test
  void otherCommentsSkipNothing() {
    assertThat(LintConfig.inlineSkips("install the app")).isEmpty();
    assertThat(LintConfig.inlineSkips("check=nonsense")).isEmpty();
    assertThat(LintConfig.inlineSkips("check=skip=all")).isEqualTo(List.of("all"));
  }
}
