package dev.stowage.engine.solve;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class StepMountsTest {
  @Test
  void aCacheSourceIsKeyedInItsCleanAbsoluteForm() {
    assertThat(StepMounts.cleanSource("")).isEqualTo("/");
    assertThat(StepMounts.cleanSource("data/./sub/")).isEqualTo("/data/sub");
    assertThat(StepMounts.cleanSource("/../../data/x/..")).isEqualTo("/data");
  }
}
