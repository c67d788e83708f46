package dev.stowage.runtime.overlay;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MountStubsTest {
  private static final FileTime OLD = FileTime.from(Instant.parse("2020-01-02T03:04:05Z"));

  @TempDir Path root;

  /** What runc does: create missing mount targets, a file for a file bind, directories otherwise. */
  private void createTargets(String... files) throws IOException {
    for (String file : files) {
      Path path = root.resolve(file.substring(1));
      Files.createDirectories(path.getParent());
      if (file.endsWith("/")) {
        Files.createDirectories(path);
      } else {
        Files.createFile(path);
      }
    }
  }

  @Test
  void removesTheStubsAndTheirParentsAndRestoresTheModificationTime() throws IOException {
    Files.createDirectories(root.resolve("etc"));
    Files.writeString(root.resolve("etc/passwd"), "root:x:0:0::/root:/bin/sh\n");
    Files.setLastModifiedTime(root.resolve("etc"), OLD);
    Files.setLastModifiedTime(root, OLD);

    MountStubs stubs = MountStubs.record(root, List.of("/etc/hosts", "/run/secrets/token", "/etc/passwd"));
    assertThat(stubs.missing()).containsExactly("/etc/hosts", "/run/secrets/token", "/run/secrets", "/run");

    createTargets("/etc/hosts", "/run/secrets/token");
    assertThat(stubs.removeEmpty())
        .containsExactlyInAnyOrder("/etc/hosts", "/run/secrets/token", "/run/secrets", "/run");

    assertThat(root.resolve("run")).doesNotExist();
    assertThat(root.resolve("etc/hosts")).doesNotExist();
    assertThat(root.resolve("etc/passwd")).exists();
    assertThat(Files.getLastModifiedTime(root.resolve("etc"))).isEqualTo(OLD);
    assertThat(Files.getLastModifiedTime(root)).isEqualTo(OLD);
  }

  @Test
  void keepsWhatTheStepFilled() throws IOException {
    MountStubs stubs = MountStubs.record(root, List.of("/run/secrets/token", "/cache/"));
    createTargets("/run/secrets/token", "/cache/");
    Files.writeString(root.resolve("run/notes"), "written by the step");
    Files.writeString(root.resolve("cache/data"), "kept");

    assertThat(stubs.removeEmpty()).containsExactlyInAnyOrder("/run/secrets/token", "/run/secrets");

    assertThat(root.resolve("run/notes")).exists();
    assertThat(root.resolve("cache/data")).exists();
  }

  @Test
  void aStubTheStepWroteToIsKept() throws IOException {
    MountStubs stubs = MountStubs.record(root, List.of("/out.txt"));
    Files.writeString(root.resolve("out.txt"), "not empty");

    assertThat(stubs.removeEmpty()).isEmpty();
    assertThat(root.resolve("out.txt")).exists();
  }

  @Test
  void followsLinksInTheRootWhenRecording() throws IOException {
    Files.createDirectories(root.resolve("real"));
    Files.createSymbolicLink(root.resolve("link"), Path.of("/real"));

    MountStubs stubs = MountStubs.record(root, List.of("/link/target"));

    assertThat(stubs.missing()).containsExactly("/real/target");
  }

  @Test
  void neverFollowsALinkTheStepPutInPlaceOfAStubParent(@TempDir Path outside) throws IOException {
    MountStubs stubs = MountStubs.record(root, List.of("/run/secrets/token"));
    Files.createDirectories(outside.resolve("secrets"));
    Files.createFile(outside.resolve("secrets/token"));
    Files.createSymbolicLink(root.resolve("run"), outside);

    assertThat(stubs.removeEmpty()).isEmpty();

    assertThat(outside.resolve("secrets/token")).exists();
    assertThat(Files.isSymbolicLink(root.resolve("run"))).isTrue();
    assertThat(Files.exists(root.resolve("run"), LinkOption.NOFOLLOW_LINKS)).isTrue();
  }

  @Test
  void existingTargetsAreNotStubs() throws IOException {
    createTargets("/proc/", "/dev/");

    assertThat(MountStubs.record(root, List.of("/proc", "/dev", "/")).missing()).isEmpty();
  }
}
