package dev.stowage.dockerfile.expand;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class ShellLexerTest {
  private final ShellLexer lexer = ShellLexer.of('\\');

  @Test
  void reportsUsedAndUndefinedVariables() {
    Expansion e = lexer.processWord("$A ${B:-x} ${C:+y} \"$D\" '$E' \\$F ${G#p}", Map.of("A", "1", "C", "3"));
    assertThat(e.value()).isEqualTo("1 x y  $E $F ");
    assertThat(e.usedVars()).containsExactlyInAnyOrder("A", "C");
    assertThat(e.undefinedVars()).containsExactlyInAnyOrder("B", "D", "G");
  }

  @Test
  void wordsModeReportsVariablesToo() {
    WordsExpansion w = lexer.processWords("$A $MISSING", Map.of("A", "x y"));
    assertThat(w.words()).containsExactly("x", "y");
    assertThat(w.usedVars()).containsExactly("A");
    assertThat(w.undefinedVars()).containsExactly("MISSING");
  }

  @Test
  void skipUnsetEnvLeavesReferencesAsWritten() {
    ShellLexer skip = lexer.withSkipUnsetEnv(true);
    assertThat(skip.processWord("$A ${B} ${C:-d} ${D/x/y} $SET", Map.of("SET", "v")).value())
        .isEqualTo("$A ${B} ${C:-d} ${D/x/y} v");
  }

  @Test
  void rawQuotesAndEscapesKeepThemInTheOutput() {
    ShellLexer raw = lexer.withRawQuotes(true).withRawEscapes(true);
    assertThat(raw.processWords("a \"b c\" 'd' e\\ f", Map.of()).words())
        .containsExactly("a", "\"b c\"", "'d'", "e\\ f");
  }

  @Test
  void onlyBackslashOrBacktickCanEscape() {
    assertThatThrownBy(() -> ShellLexer.of('^')).isInstanceOf(IllegalArgumentException.class);
    assertThat(ShellLexer.of('`').escapeToken()).isEqualTo('`');
  }

  @Test
  void messagesNeverContainVariableValues() {
    assertThatThrownBy(() -> lexer.processWord("${TOKEN:?}", Map.of("TOKEN", "")))
        .hasMessage("failed to process \"${TOKEN:?}\": TOKEN: is not allowed to be empty");
    assertThatThrownBy(() -> lexer.processWord("${PASSWORD/\\q/x}", Map.of("PASSWORD", "hunter2")))
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("hunter2"));
  }
}
