package dev.stowage.engine.plan;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

class GoFormatTest {
  @Test
  void quotesLikeGo() {
    assertThat(GoFormat.quoteAll(List.of("hello", "with \"quotes\" and \\ backslash", "ünïcödé")))
        .isEqualTo("[\"hello\" \"with \\\"quotes\\\" and \\\\ backslash\" \"ünïcödé\"]");
    assertThat(GoFormat.quote("a\tb\nc\u0001")).isEqualTo("\"a\\tb\\nc\\x01\"");
  }

  @Test
  void rendersSlicesAndPortMaps() {
    assertThat(GoFormat.list(List.of("/data", "/logs"))).isEqualTo("[/data /logs]");
    assertThat(GoFormat.portMap(new TreeSet<>(List.of("80/tcp", "443/tcp", "53/udp"))))
        .isEqualTo("map[443/tcp:{} 53/udp:{} 80/tcp:{}]");
  }

  @Test
  void quotesIntegersAsRunes() {
    assertThat(GoFormat.quoteRune(4)).isEqualTo("'\\x04'");
    assertThat(GoFormat.quoteRune(0)).isEqualTo("'\\x00'");
    assertThat(GoFormat.quoteRune(65)).isEqualTo("'A'");
  }

  @Test
  void formatsDurationsLikeGo() {
    assertThat(GoFormat.duration(Duration.ZERO)).isEqualTo("0s");
    assertThat(GoFormat.duration(Duration.ofSeconds(30))).isEqualTo("30s");
    assertThat(GoFormat.duration(Duration.ofSeconds(90))).isEqualTo("1m30s");
    assertThat(GoFormat.duration(Duration.ofHours(1))).isEqualTo("1h0m0s");
    assertThat(GoFormat.duration(Duration.ofMillis(500))).isEqualTo("500ms");
    assertThat(GoFormat.duration(Duration.ofMillis(1500))).isEqualTo("1.5s");
  }
}
