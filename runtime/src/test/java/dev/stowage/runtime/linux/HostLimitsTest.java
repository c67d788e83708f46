package dev.stowage.runtime.linux;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HostLimitsTest {
  private static final String LIMITS = """
      Limit                     Soft Limit           Hard Limit           Units
      Max processes             unlimited            unlimited            processes
      Max open files            20000                20000                files
      """;

  @TempDir Path proc;

  private void host(String capEff) throws IOException {
    Files.writeString(proc.resolve("status"), "Name:\tjava\nCapEff:\t" + capEff + "\nCapBnd:\t000001ffffffffff\n");
    Files.writeString(proc.resolve("limits"), LIMITS);
  }

  @Test
  void withCapSysResourceTheWishStands() throws IOException {
    host("000001ffffffffff");

    assertThat(HostLimits.openFiles(1_048_576, proc)).isEqualTo(1_048_576);
  }

  @Test
  void withoutItTheWishIsCappedAtOurHardLimit() throws IOException {
    host("000001fffeffffff");

    assertThat(HostLimits.openFiles(1_048_576, proc)).isEqualTo(20_000);
    assertThat(HostLimits.openFiles(1_024, proc)).isEqualTo(1_024);
  }

  @Test
  void readsTheCapabilityBoundingSet() {
    String status = "Name:\tjava\nCapEff:\t000001ffffffffff\nCapBnd:\t000001fffeffffff\n";

    assertThat(HostLimits.capabilitySet(status, "CapBnd:")).isEqualTo(0x1fffeffffffL);
    assertThat(HostLimits.capabilitySet("Name:\tjava\n", "CapBnd:")).isEqualTo(-1L);
  }

  @Test
  void parsesLimitsAndCapabilities() {
    assertThat(HostLimits.hardOpenFiles(LIMITS)).isEqualTo(20_000);
    assertThat(HostLimits.hardOpenFiles("Max open files unlimited unlimited files")).isEqualTo(-1);
    assertThat(HostLimits.hasCapability("CapEff:\t0000000001000000\n", 24)).isTrue();
    assertThat(HostLimits.hasCapability("CapEff:\t0000000000ffffff\n", 24)).isFalse();
  }
}
