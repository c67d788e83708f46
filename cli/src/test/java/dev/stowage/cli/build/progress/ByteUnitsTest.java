package dev.stowage.cli.build.progress;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ByteUnitsTest {
  @Test
  void decimalUnitsWithTwoDecimalsAsBuildkitShowsThem() {
    assertThat(ByteUnits.format(0)).isEqualTo("0B");
    assertThat(ByteUnits.format(999)).isEqualTo("999B");
    assertThat(ByteUnits.format(1000)).isEqualTo("1.00kB");
    assertThat(ByteUnits.format(12_345_678)).isEqualTo("12.35MB");
    assertThat(ByteUnits.format(3_000_000_000L)).isEqualTo("3.00GB");
    assertThat(ByteUnits.progress(0, 0)).isEmpty();
    assertThat(ByteUnits.progress(2048, 0)).isEqualTo(" 2.05kB");
    assertThat(ByteUnits.progress(2048, 4096)).isEqualTo(" 2.05kB / 4.10kB");
  }
}
