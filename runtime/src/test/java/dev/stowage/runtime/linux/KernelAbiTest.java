package dev.stowage.runtime.linux;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;

class KernelAbiTest {

  @Test
  void readsTheSeccompModeOfAStatusText() {
    assertThat(KernelAbi.seccompMode("Name:\tjava\nSeccomp:\t0\nSeccomp_filters:\t0\n")).isZero();
    assertThat(KernelAbi.seccompMode("Name:\tsh\nSeccomp:\t2\nSeccomp_filters:\t1\n")).isEqualTo(2);
    assertThat(KernelAbi.seccompMode("Name:\told\n")).isEqualTo(-1);
  }

  /** The kernel's own build configuration says whether it can run x32 calls at all; the probe must agree. */
  @Test
  void aKernelBuiltWithoutX32IsToldApart() throws IOException {
    Path config = Path.of("/proc/config.gz");
    assumeThat(System.getProperty("os.arch")).isIn("amd64", "x86_64");
    assumeThat(Files.isReadable(config)).as("this kernel publishes its configuration").isTrue();
    String text;
    try (InputStream in = new GZIPInputStream(Files.newInputStream(config))) {
      text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    assumeThat(text).as("a kernel built without x32").contains("# CONFIG_X86_X32_ABI is not set");
    assumeThat(KernelAbi.seccompMode(Files.readString(Path.of("/proc/self/status")))).isZero();

    assertThat(KernelAbi.x32Syscalls(HostLimits.selfStatus())).isFalse();
  }
}
