package dev.stowage.cli.build.progress;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stowage.cli.common.CliException;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ProgressModeTest {
  private static final Map<String, String> NO_ENV = Map.of();

  @Test
  void theFlagWinsThenBuildkitProgressThenAuto() {
    assertThat(ProgressMode.choose(Optional.empty(), false, NO_ENV)).isEqualTo(ProgressMode.AUTO);
    assertThat(ProgressMode.choose(Optional.empty(), false, Map.of("BUILDKIT_PROGRESS", "plain")))
        .isEqualTo(ProgressMode.PLAIN);
    assertThat(ProgressMode.choose(Optional.of("rawjson"), false, Map.of("BUILDKIT_PROGRESS", "plain")))
        .isEqualTo(ProgressMode.RAWJSON);
    assertThat(ProgressMode.choose(Optional.of("TTY"), false, NO_ENV)).isEqualTo(ProgressMode.TTY);
    assertThat(ProgressMode.choose(Optional.empty(), false, Map.of("BUILDKIT_PROGRESS", "")))
        .isEqualTo(ProgressMode.AUTO);
  }

  @Test
  void quietIsAnAliasAndContradictsAnotherExplicitMode() {
    assertThat(ProgressMode.choose(Optional.empty(), true, Map.of("BUILDKIT_PROGRESS", "plain")))
        .isEqualTo(ProgressMode.QUIET);
    assertThat(ProgressMode.choose(Optional.of("quiet"), false, NO_ENV)).isEqualTo(ProgressMode.QUIET);
    assertThat(ProgressMode.choose(Optional.of("auto"), true, NO_ENV)).isEqualTo(ProgressMode.QUIET);
    assertThatThrownBy(() -> ProgressMode.choose(Optional.of("plain"), true, NO_ENV))
        .isInstanceOf(CliException.class).hasMessage("--progress=plain and --quiet cannot be used together");
  }

  @Test
  void anUnknownModeNamesWhereItCameFrom() {
    assertThatThrownBy(() -> ProgressMode.choose(Optional.of("fancy"), false, NO_ENV))
        .isInstanceOf(CliException.class)
        .hasMessage("--progress must be auto, tty, plain, rawjson or quiet, got 'fancy'");
    assertThatThrownBy(() -> ProgressMode.choose(Optional.empty(), false, Map.of("BUILDKIT_PROGRESS", "json")))
        .hasMessageStartingWith("BUILDKIT_PROGRESS must be");
  }

  @Test
  void ttyWithoutATerminalIsAnErrorAndAutoFallsBackToPlain() {
    Captured err = new Captured();
    assertThatThrownBy(() -> Progress.open(ProgressMode.TTY, err.stream, Optional.empty()))
        .isInstanceOf(CliException.class).hasMessageContaining("--progress=tty needs stderr to be a terminal");
    assertThat(Progress.open(ProgressMode.AUTO, err.stream, Optional.empty())).isInstanceOf(PlainProgress.class);
    try (ProgressSink tty = Progress.open(ProgressMode.AUTO, err.stream, Optional.of(new Terminal(80, 24, false)))) {
      assertThat(tty).isInstanceOf(TtyProgress.class);
    }
    assertThat(Progress.open(ProgressMode.RAWJSON, err.stream, Optional.empty()))
        .isInstanceOf(RawJsonProgress.class);
  }
}
