package dev.stowage.runtime.runc;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RuncFeaturesTest {
  @Test
  void readsWhetherRuncWasBuiltWithSeccomp() {
    assertThat(RuncFeatures.seccompEnabled("{\"linux\":{\"seccomp\":{\"enabled\":true}}}")).isTrue();
    assertThat(RuncFeatures.seccompEnabled("{\"linux\":{\"seccomp\":{\"enabled\":false}}}")).isFalse();
    assertThat(RuncFeatures.seccompEnabled("{\"linux\":{}}")).isTrue();
    assertThat(RuncFeatures.seccompEnabled("not json")).isTrue();
  }
}
