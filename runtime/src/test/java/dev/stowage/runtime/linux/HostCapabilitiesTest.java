package dev.stowage.runtime.linux;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HostCapabilitiesTest {
  @TempDir Path bin;

  private static Path proc(String name) throws URISyntaxException {
    return Path.of(HostCapabilitiesTest.class.getResource(name).toURI());
  }

  private void install(String... programs) throws IOException {
    for (String program : programs) {
      Path file = Files.writeString(bin.resolve(program), "#!/bin/sh\n");
      Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
    }
  }

  @Test
  void aCompleteHostIsReady() throws Exception {
    install("runc", "mount", "umount", "getfattr", "setfattr");

    HostCapabilities capabilities = HostCapabilities.probe(proc("proc-root"), List.of(bin));

    assertThat(capabilities.missing()).isEmpty();
    assertThat(capabilities.runc()).contains(bin.resolve("runc"));
    capabilities.requireReady();
  }

  @Test
  void everyMissingPieceIsNamedWithItsDebianPackage() throws Exception {
    install("mount", "umount");

    HostCapabilities capabilities = HostCapabilities.probe(proc("proc-user"), List.of(bin));

    assertThat(capabilities.missing()).extracting(HostCapabilities.Missing::what).containsExactly(
        "root privileges", "the overlay file system", "the tmpfs file system", "the runc program",
        "the getfattr program", "the setfattr program");
    assertThatThrownBy(capabilities::requireReady)
        .isInstanceOf(HostCapabilityException.class)
        .hasMessageStartingWith("this host cannot run RUN steps: missing root privileges")
        .hasMessageContaining("install the Debian package 'runc': apt-get install runc")
        .hasMessageContaining("install the Debian package 'attr'")
        .hasMessageContaining("modprobe overlay");
  }

  @Test
  void aNonExecutableFileIsNotAProgram() throws Exception {
    install("mount", "umount", "getfattr", "setfattr");
    Files.writeString(bin.resolve("runc"), "not executable");

    assertThat(HostCapabilities.probe(proc("proc-root"), List.of(bin)).runc()).isEmpty();
  }

  @Test
  void theSearchPathAddsTheSystemDirectoriesAfterPath() {
    assertThat(HostCapabilities.searchPath("/opt/bin::/usr/bin"))
        .startsWith(Path.of("/opt/bin"), Path.of("/usr/bin"))
        .contains(Path.of("/usr/sbin"), Path.of("/sbin"))
        .doesNotHaveDuplicates();
  }
}
