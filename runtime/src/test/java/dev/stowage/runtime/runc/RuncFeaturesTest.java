package dev.stowage.runtime.runc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stowage.runtime.linux.ProcessCommandRunner;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RuncFeaturesTest {
  @TempDir Path dir;

  @Test
  void readsWhetherRuncWasBuiltWithSeccomp() {
    assertThat(RuncFeatures.seccompEnabled("{\"linux\":{\"seccomp\":{\"enabled\":true}}}")).isTrue();
    assertThat(RuncFeatures.seccompEnabled("{\"linux\":{\"seccomp\":{\"enabled\":false}}}")).isFalse();
    assertThat(RuncFeatures.seccompEnabled(
        "{\"ociVersionMin\":\"1.0.0\",\"mountOptions\":[\"ro\"],\"linux\":{\"namespaces\":[\"pid\"],"
            + "\"apparmor\":{\"enabled\":true},\"seccomp\":{\"actions\":[\"SCMP_ACT_ALLOW\"],\"enabled\":false}}}"))
        .isFalse();
    assertThat(RuncFeatures.seccompEnabled("{\"linux\":{}}")).isTrue();
    assertThat(RuncFeatures.seccompEnabled("{\"other\":{\"seccomp\":{\"enabled\":false}}}")).isTrue();
    assertThat(RuncFeatures.seccompEnabled("not json")).isTrue();
  }

  @Test
  void theAnswerIsRememberedUntilTheBinaryChanges() throws IOException {
    Path calls = dir.resolve("calls");
    Path runc = dir.resolve("runc");
    Files.writeString(runc, "#!/bin/sh\necho call >> " + calls + "\n"
        + "echo '{\"linux\":{\"seccomp\":{\"enabled\":false}}}'\n");
    Files.setPosixFilePermissions(runc, PosixFilePermissions.fromString("rwxr-xr-x"));
    Path cache = dir.resolve("runc-features");
    ProcessCommandRunner runner = new ProcessCommandRunner();

    assertThat(RuncFeatures.seccompEnabled(runc, runner, cache)).isFalse();
    assertThat(RuncFeatures.seccompEnabled(runc, runner, cache)).isFalse();
    assertThat(Files.readAllLines(calls)).hasSize(1);

    Files.setLastModifiedTime(runc, FileTime.from(Instant.parse("2020-01-01T00:00:00Z")));
    assertThat(RuncFeatures.seccompEnabled(runc, runner, cache)).isFalse();
    assertThat(Files.readAllLines(calls)).hasSize(2);
  }
}
