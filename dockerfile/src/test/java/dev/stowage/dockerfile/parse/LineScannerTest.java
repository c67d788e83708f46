package dev.stowage.dockerfile.parse;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stowage.dockerfile.ast.Diagnostic;
import dev.stowage.dockerfile.ast.Directives;
import dev.stowage.dockerfile.ast.Dockerfile;
import dev.stowage.dockerfile.ast.Run;
import dev.stowage.dockerfile.ast.ShellForm;
import org.junit.jupiter.api.Test;

class LineScannerTest {
  private static Dockerfile parse(String text) {
    return DockerfileParser.parse(text, "Dockerfile").dockerfile();
  }

  private static String script(Dockerfile df, int index) {
    return ((ShellForm) ((Run) df.stages().get(0).body().get(index)).command()).script();
  }

  @Test
  void directiveSyntaxMatchesBuildKitsPattern() {
    assertThat(LineScanner.splitDirective("# escape=`")).containsExactly("escape", "`");
    assertThat(LineScanner.splitDirective("#escape = \\  ")).containsExactly("escape", "\\");
    assertThat(LineScanner.splitDirective("#  Check\t=\tskip=all;error=true")).containsExactly("Check",
        "skip=all;error=true");
    assertThat(LineScanner.splitDirective("# syntax=")).isNull();
    assertThat(LineScanner.splitDirective("# 1escape=x")).isNull();
    assertThat(LineScanner.splitDirective("# esc ape=x")).isNull();
    assertThat(LineScanner.splitDirective("escape=x")).isNull();
  }

  @Test
  void directivesAreReadOnlyAtTheTop() {
    Dockerfile df = parse("# syntax=docker/dockerfile:1.7\n#ESCAPE=`\n# check=error=true\nFROM alpine\n"
        + "# escape=\\\nRUN a `\n  b\n");
    Directives d = df.directives();
    assertThat(d.syntax()).contains("docker/dockerfile:1.7");
    assertThat(d.escape()).isEqualTo('`');
    assertThat(d.check()).contains("error=true");
    assertThat(script(df, 0)).isEqualTo("a   b");
    assertThat(df.warnings()).isEmpty();
  }

  @Test
  void indentedDirectiveCountsAndDirectiveLinesAreNotComments() {
    Dockerfile df = parse("   # escape=`\nFROM alpine\n");
    assertThat(df.directives().escape()).isEqualTo('`');
    assertThat(df.stages().get(0).from().origin().comments()).isEmpty();
  }

  @Test
  void escapedEscapeAtEndOfLineStillContinues() {
    // BuildKit's continuation pattern does not look behind the escape token
    assertThat(script(parse("FROM a\nRUN x \\\\\ny\n"), 0)).isEqualTo("x \\y");
  }

  @Test
  void continuationAtEndOfFileEndsTheInstruction() {
    assertThat(script(parse("FROM a\nRUN x \\"), 0)).isEqualTo("x");
    assertThat(script(parse("FROM a\nRUN x \\\n# only a comment follows\n"), 0)).isEqualTo("x");
  }

  @Test
  void blankContinuationLineJoinsAndWarns() {
    Dockerfile df = parse("FROM a\nRUN x \\\n\n   \nFROM b\n");
    assertThat(df.stages()).hasSize(1);
    assertThat(script(df, 0)).isEqualTo("x FROM b");
    assertThat(df.warnings()).extracting(Diagnostic::code).containsExactly("NoEmptyContinuation");
    assertThat(df.warnings().get(0).range().startLine()).isEqualTo(3);
  }

  @Test
  void lineBreaksAndByteOrderMark() {
    Dockerfile df = parse("\uFEFFFROM a\r\nRUN x\r\r\nRUN y");
    assertThat(script(df, 0)).isEqualTo("x");
    assertThat(script(df, 1)).isEqualTo("y");
    assertThat(df.stages().get(0).from().range().start().column()).isEqualTo(1);
  }

  @Test
  void tabsAndOtherWhiteSpaceBeforeInstructions() {
    Dockerfile df = parse("\t FROM a\n\u00a0RUN x\n");
    assertThat(df.stages().get(0).from().range().start().column()).isEqualTo(3);
    assertThat(df.stages().get(0).body().get(0).range().start().column()).isEqualTo(2);
  }
}
