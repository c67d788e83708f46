package dev.stowage.cli.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stowage.cli.common.CliException;
import dev.stowage.cli.common.ExitCode;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class PruneFilterTest {
  @Test
  void durationsReadAsGoReadsThem() {
    assertThat(PruneFilter.goDuration("24h")).isEqualTo(Duration.ofHours(24));
    assertThat(PruneFilter.goDuration("30m")).isEqualTo(Duration.ofMinutes(30));
    assertThat(PruneFilter.goDuration("1h30m")).isEqualTo(Duration.ofMinutes(90));
    assertThat(PruneFilter.goDuration("1.5h")).isEqualTo(Duration.ofMinutes(90));
    assertThat(PruneFilter.goDuration(".5s")).isEqualTo(Duration.ofMillis(500));
    assertThat(PruneFilter.goDuration("2h45m30s500ms")).isEqualTo(Duration.parse("PT2H45M30.5S"));
    assertThat(PruneFilter.goDuration("10us")).isEqualTo(Duration.ofNanos(10_000));
    assertThat(PruneFilter.goDuration("10\u00b5s")).isEqualTo(Duration.ofNanos(10_000));
    assertThat(PruneFilter.goDuration("7ns")).isEqualTo(Duration.ofNanos(7));
    assertThat(PruneFilter.goDuration("0")).isEqualTo(Duration.ZERO);
    assertThat(PruneFilter.goDuration("+5m")).isEqualTo(Duration.ofMinutes(5));
  }

  @Test
  void durationsGoRefusesAreUsageErrors() {
    for (String bad : List.of("", "24", "24H", "1d", "h", ".h", "1h 30m", "1h-30m", "abc", "5mm")) {
      assertThatThrownBy(() -> PruneFilter.goDuration(bad)).as(bad).isInstanceOf(CliException.class)
          .hasMessageContaining("is not a duration").extracting(e -> ((CliException) e).exitCode())
          .isEqualTo(ExitCode.USAGE);
    }
    assertThatThrownBy(() -> PruneFilter.goDuration("-1h")).hasMessageContaining("is negative");
    assertThatThrownBy(() -> PruneFilter.goDuration("3000000h")).hasMessageContaining("too long");
  }

  @Test
  void sizesReadAsDockerReadsThem() {
    assertThat(PruneFilter.dockerSize("512")).isEqualTo(512);
    assertThat(PruneFilter.dockerSize("512b")).isEqualTo(512);
    assertThat(PruneFilter.dockerSize("2k")).isEqualTo(2048);
    assertThat(PruneFilter.dockerSize("512MB")).isEqualTo(512L << 20);
    assertThat(PruneFilter.dockerSize("512mib")).isEqualTo(512L << 20);
    assertThat(PruneFilter.dockerSize("10GB")).isEqualTo(10L << 30);
    assertThat(PruneFilter.dockerSize("10 gb")).isEqualTo(10L << 30);
    assertThat(PruneFilter.dockerSize("1.5g")).isEqualTo(3L << 29);
    assertThat(PruneFilter.dockerSize("2TB")).isEqualTo(2L << 40);
    assertThat(PruneFilter.dockerSize("0")).isZero();
    for (String bad : List.of("", "GB", "-1GB", "10XB", "10 GB extra", "1e3")) {
      assertThatThrownBy(() -> PruneFilter.dockerSize(bad)).as(bad).isInstanceOf(CliException.class)
          .hasMessageContaining("is not a size");
    }
  }

  @Test
  void theFlagsMakeAFilter() {
    assertThat(PruneFilter.parse(List.of(), Optional.empty()).isEmpty()).isTrue();
    PruneFilter both = PruneFilter.parse(List.of("until=24h"), Optional.of("1GB"));
    assertThat(both.unusedFor()).contains(Duration.ofHours(24));
    assertThat(both.keepBytes()).isEqualTo(OptionalLong.of(1L << 30));
    assertThat(both.isEmpty()).isFalse();
    assertThat(PruneFilter.parse(List.of(), Optional.of("0")).isEmpty()).isFalse();
    assertThatThrownBy(() -> PruneFilter.parse(List.of("label=x"), Optional.empty()))
        .hasMessage("unsupported --filter \"label\": prune supports until=DURATION (e.g. 24h)");
    assertThatThrownBy(() -> PruneFilter.parse(List.of("until"), Optional.empty()))
        .hasMessage("bad --filter \"until\": expected until=DURATION");
    assertThatThrownBy(() -> PruneFilter.parse(List.of("until=1h", "until=2h"), Optional.empty()))
        .hasMessage("--filter until= given twice; give it once");
  }
}
