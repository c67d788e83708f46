package dev.stowage.runtime.overlay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RootPathTest {
  @TempDir Path root;

  @Test
  void followsLinksInsideTheRoot() throws IOException {
    Files.createDirectories(root.resolve("run"));
    Files.createDirectories(root.resolve("var"));
    Files.createSymbolicLink(root.resolve("var/run"), Path.of("../run"));
    Files.createSymbolicLink(root.resolve("abs"), Path.of("/run"));

    assertThat(RootPath.resolve(root, "/var/run/secrets/x")).isEqualTo("/run/secrets/x");
    assertThat(RootPath.resolve(root, "/abs/y")).isEqualTo("/run/y");
    assertThat(RootPath.hostPath(root, "/var/run")).isEqualTo(root.resolve("run"));
  }

  @Test
  void neverLeavesTheRoot() throws IOException {
    Files.createSymbolicLink(root.resolve("escape"), Path.of("../../../../etc"));
    Files.createSymbolicLink(root.resolve("host"), Path.of("/etc/passwd"));

    assertThat(RootPath.resolve(root, "/../../x")).isEqualTo("/x");
    assertThat(RootPath.resolve(root, "/escape/passwd")).isEqualTo("/etc/passwd");
    assertThat(RootPath.hostPath(root, "/host")).isEqualTo(root.resolve("etc/passwd"));
  }

  @Test
  void aLinkLoopIsAnError() throws IOException {
    Files.createSymbolicLink(root.resolve("a"), Path.of("b"));
    Files.createSymbolicLink(root.resolve("b"), Path.of("a"));

    assertThatThrownBy(() -> RootPath.resolve(root, "/a/x")).hasMessageContaining("too many levels");
  }
}
