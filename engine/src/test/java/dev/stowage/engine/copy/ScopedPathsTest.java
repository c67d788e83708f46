package dev.stowage.engine.copy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ScopedPathsTest {
  @TempDir
  Path root;

  @Test
  void plainPathsAreCleanedAndStayBelowTheRoot() throws IOException {
    Files.createDirectories(root.resolve("a/b"));
    assertThat(ScopedPaths.resolveRelative(root, "/a/b")).isEqualTo("a/b");
    assertThat(ScopedPaths.resolveRelative(root, "a/./b/")).isEqualTo("a/b");
    assertThat(ScopedPaths.resolveRelative(root, "/../../a")).isEqualTo("a");
    assertThat(ScopedPaths.resolveRelative(root, "/")).isEmpty();
    assertThat(ScopedPaths.resolve(root, "/missing/x")).isEqualTo(root.resolve("missing/x"));
  }

  @Test
  void anAbsoluteSymlinkResolvesAgainstTheRootNotTheHost() throws IOException {
    Files.createDirectories(root.resolve("etc"));
    Files.createSymbolicLink(root.resolve("app"), Path.of("/etc"));
    assertThat(ScopedPaths.resolveRelative(root, "/app/passwd")).isEqualTo("etc/passwd");
  }

  @Test
  void aRelativeSymlinkCannotClimbAboveTheRoot() throws IOException {
    Files.createDirectories(root.resolve("a"));
    Files.createSymbolicLink(root.resolve("a/up"), Path.of("../../../../tmp"));
    assertThat(ScopedPaths.resolveRelative(root, "/a/up/x")).isEqualTo("tmp/x");
    Files.createSymbolicLink(root.resolve("a/sibling"), Path.of("../b"));
    assertThat(ScopedPaths.resolveRelative(root, "a/sibling/c")).isEqualTo("b/c");
  }

  @Test
  void theLastComponentIsFollowedToo() throws IOException {
    Files.createSymbolicLink(root.resolve("link"), Path.of("target/file"));
    assertThat(ScopedPaths.resolveRelative(root, "/link")).isEqualTo("target/file");
    Files.createSymbolicLink(root.resolve("dangling"), Path.of("/nowhere"));
    assertThat(ScopedPaths.resolveRelative(root, "dangling")).isEqualTo("nowhere");
  }

  @Test
  void chainsOfLinksAreFollowedAndLoopsRefused() throws IOException {
    Files.createDirectories(root.resolve("real"));
    Files.createSymbolicLink(root.resolve("one"), Path.of("two"));
    Files.createSymbolicLink(root.resolve("two"), Path.of("/real"));
    assertThat(ScopedPaths.resolveRelative(root, "one/x")).isEqualTo("real/x");

    Files.createSymbolicLink(root.resolve("loop1"), Path.of("loop2"));
    Files.createSymbolicLink(root.resolve("loop2"), Path.of("loop1"));
    assertThatThrownBy(() -> ScopedPaths.resolveRelative(root, "/loop1/x")).isInstanceOf(CopyException.class)
        .hasMessage("resolving \"/loop1/x\": too many levels of symbolic links");
  }

  @Test
  void dotDotIsLexicalBeforeLinksAreFollowed() throws IOException {
    Files.createDirectories(root.resolve("deep/er"));
    Files.createSymbolicLink(root.resolve("link"), Path.of("deep/er"));
    // As in continuity: "link/.." is cleaned to "" before the link is looked at.
    assertThat(ScopedPaths.resolveRelative(root, "link/../x")).isEqualTo("x");
  }

  @Test
  void aHiddenComponentIsTreatedAsMissing() throws IOException {
    Files.createDirectories(root.resolve("secret"));
    Files.createSymbolicLink(root.resolve("door"), Path.of("secret"));
    ScopedPaths.Filter hideSecret = (relative, directory) -> relative.equals("secret");
    assertThat(ScopedPaths.resolveRelative(root, "door/x", hideSecret)).isEqualTo("secret/x");
    assertThat(ScopedPaths.lstatOrNull(root.resolve("secret"))).isNotNull();
  }
}
