package dev.stowage.cli.build.progress;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TerminalTest {
  @Test
  void terminalsArePtysConsolesAndSerialLines() {
    assertThat(Terminal.isTerminalDevice("/dev/pts/3")).isTrue();
    assertThat(Terminal.isTerminalDevice("/dev/tty1")).isTrue();
    assertThat(Terminal.isTerminalDevice("/dev/ttyS0")).isTrue();
    assertThat(Terminal.isTerminalDevice("/dev/tty")).isTrue();
    assertThat(Terminal.isTerminalDevice("/dev/console")).isTrue();
    assertThat(Terminal.isTerminalDevice("/dev/null")).isFalse();
    assertThat(Terminal.isTerminalDevice("pipe:[12345]")).isFalse();
    assertThat(Terminal.isTerminalDevice("/tmp/build.log")).isFalse();
  }

  @Test
  void sttySizeIsRowsThenColumns() {
    assertThat(Terminal.parseSttySize("50 132\n")).hasValueSatisfying(rc -> assertThat(rc).containsExactly(50, 132));
    assertThat(Terminal.parseSttySize("0 0\n")).isEmpty();
    assertThat(Terminal.parseSttySize("stty: 'standard input': Inappropriate ioctl for device")).isEmpty();
  }

  @Test
  void aTinyTerminalStillGetsAUsableView() {
    Terminal tiny = new Terminal(3, 1, true);
    assertThat(tiny.width()).isEqualTo(20);
    assertThat(tiny.height()).isEqualTo(5);
  }
}
