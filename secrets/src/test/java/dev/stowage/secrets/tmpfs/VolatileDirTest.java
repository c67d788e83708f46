package dev.stowage.secrets.tmpfs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VolatileDirTest {
  @TempDir Path tempDir;

  @Test
  void refusesADirectoryOnADisk() throws IOException {
    Path disk = ShmSupport.diskDirectory();
    String type = Files.getFileStore(disk).type();
    assumeFalse(VolatileFiles.VOLATILE_TYPES.contains(type), "the repository is on " + type);
    assertThatThrownBy(() -> VolatileDir.create(disk))
        .isInstanceOf(VolatileStorageException.class)
        .hasMessage(
            "refusing to keep secrets in the directory " + disk + ": it is on " + type
                + ", not tmpfs or ramfs, so secret bytes could reach a disk; use a tmpfs directory such as /dev/shm"
                + " (--volatile-root)");
    try (var entries = Files.list(disk)) {
      assertThat(entries.map(p -> p.getFileName().toString())).noneMatch(n -> n.startsWith("stowage-vol-"));
    }
  }

  @Test
  void refusesAMissingParent() {
    assertThatThrownBy(() -> VolatileDir.create(tempDir.resolve("missing")))
        .isInstanceOf(VolatileStorageException.class)
        .hasMessageEndingWith("missing does not exist or is not a directory");
  }

  @Test
  void createsAPrivateRandomlyNamedDirectoryOnTmpfs() throws IOException {
    ShmSupport.assumeShmIsTmpfs();
    try (VolatileDir a = VolatileDir.create(ShmSupport.SHM);
        VolatileDir b = VolatileDir.create(ShmSupport.SHM)) {
      assertThat(a.path().getParent()).isEqualTo(ShmSupport.SHM);
      assertThat(a.path()).isNotEqualTo(b.path());
      assertThat(a.path().getFileName().toString())
          .startsWith("stowage-vol-" + ProcessHandle.current().pid() + "-")
          .matches("stowage-vol-\\d+-\\d+-[0-9a-f]{16}");
      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(a.path()))).isEqualTo("rwx------");
      assertThat(Files.getFileStore(a.path()).type()).isEqualTo("tmpfs");
    }
  }

  @Test
  void closeRemovesEverythingAndOverwritesFilesFirst() throws IOException {
    ShmSupport.assumeShmIsTmpfs();
    VolatileDir dir = VolatileDir.create(ShmSupport.SHM);
    Path bundle = Files.createDirectories(dir.path().resolve("bundle/rootfs-stub"));
    Path config = Files.writeString(dir.path().resolve("bundle/config.json"), "{\"env\":[\"TOKEN=canary-77\"]}");
    Files.writeString(bundle.resolve("f"), "x");
    Path outside = Files.writeString(tempDir.resolve("outside"), "keep me");
    Files.createSymbolicLink(dir.path().resolve("link-out"), outside);
    // A second name for config.json outside the directory shows what close() did to the bytes themselves.
    Path witness = ShmSupport.SHM.resolve("stowage-test-witness-" + ProcessHandle.current().pid());
    Files.createLink(witness, config);
    long size = Files.size(config);
    try {
      dir.close();
      assertThat(dir.path()).doesNotExist();
      assertThat(Files.readAllBytes(witness)).hasSize((int) size).containsOnly(0);
      assertThat(outside).hasContent("keep me"); // the link was removed, not followed
      dir.close(); // idempotent
    } finally {
      Files.deleteIfExists(witness);
    }
  }

  @Test
  void closeDoesNotEnterAMountInside() throws IOException {
    ShmSupport.assumeShmIsTmpfs();
    ShmSupport.assumeRoot();
    VolatileDir dir = VolatileDir.create(ShmSupport.SHM);
    Path mountPoint = Files.createDirectory(dir.path().resolve("rootfs"));
    CommandRunner runner = CommandRunner.system();
    assertThat(runner.run(List.of("mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", mountPoint.toString())).succeeded())
        .isTrue();
    Path precious = Files.writeString(mountPoint.resolve("precious"), "container data");
    try {
      assertThatThrownBy(dir::close)
          .isInstanceOf(VolatileStorageException.class)
          .hasMessageContaining(mountPoint + " is a mount point; unmount it first");
      assertThat(precious).hasContent("container data");
    } finally {
      runner.run(List.of("umount", mountPoint.toString()));
      VolatileFiles.wipeTree(dir.path());
    }
    assertThat(dir.path()).doesNotExist();
  }

  @Test
  void aSharedRootLeavesTheParentAlone() throws IOException {
    ShmSupport.assumeShmIsTmpfs();
    try (VolatileRoot root =
        VolatileRoot.locate(VolatileRootOptions.defaults(java.util.Map.of()).withExplicitRoot(ShmSupport.SHM))) {
      VolatileDir dir = root.newDir();
      assertThat(dir.path().getParent()).isEqualTo(ShmSupport.SHM);
      dir.close();
    }
    assertThat(ShmSupport.SHM).isDirectory();
    assertThat(Files.isDirectory(ShmSupport.SHM, LinkOption.NOFOLLOW_LINKS)).isTrue();
  }
}
