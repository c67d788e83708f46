package dev.stowage.cli.build.progress;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LogTextTest {
  @Test
  void aCarriageReturnKeepsWhatTheTerminalWouldShow() {
    assertThat(LogText.displayLine("10%\r55%\r100%")).isEqualTo("100%");
    assertThat(LogText.displayLine("done\r")).isEqualTo("done");
  }

  @Test
  void escapesAndControlsBecomeSpacesSoNoTextIsJoined() {
    assertThat(LogText.displayLine("\u001b[32mOK\u001b[0m")).isEqualTo(" OK ");
    assertThat(LogText.displayLine("ab\u001b[1;31mcd")).isEqualTo("ab cd");
    assertThat(LogText.displayLine("ab\u001b]0;title\u0007cd")).isEqualTo("ab cd");
    assertThat(LogText.displayLine("a\tb\u0008c\u007fd")).isEqualTo("a b c d");
    assertThat(LogText.displayLine("ab\u001b")).isEqualTo("ab ");
  }

  @Test
  void truncatesByCodePoints() {
    assertThat(LogText.truncate("h\uD83D\uDE00llo", 2)).isEqualTo("h\uD83D\uDE00");
    assertThat(LogText.truncate("short", 10)).isEqualTo("short");
    assertThat(LogText.truncate("short", 0)).isEmpty();
  }
}
