package dev.stowage.secrets.tmpfs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StaleVolatileCleanerTest {
  @TempDir Path tempDir;

  private Path shmArea;
  private final List<Path> made = new ArrayList<>();
  private final StaleVolatileCleaner cleaner = new StaleVolatileCleaner(TmpfsMounts.programs(CommandRunner.system()));
  private final OwnerTag self = OwnerTag.current();

  @BeforeEach
  void makeArea() throws IOException {
    ShmSupport.assumeShmIsTmpfs();
    // A private corner of /dev/shm, so the test never touches what other processes keep there.
    shmArea = Files.createTempDirectory(ShmSupport.SHM, "stowage-cleaner-test-");
  }

  @AfterEach
  void removeArea() {
    if (shmArea != null) {
      VolatileFiles.wipeTree(shmArea);
    }
  }

  private Path dir(Path parent, String prefix, String tag) throws IOException {
    Path dir = Files.createDirectory(parent.resolve(prefix + tag + "-0123456789abcdef"));
    Files.writeString(dir.resolve("secret"), "left-behind");
    made.add(dir);
    return dir;
  }

  @Test
  void removesDirectoriesOfProcessesThatAreGone() throws IOException {
    // Our pid with another start time: the pid was reused, the maker is gone.
    Path reused = dir(shmArea, "stowage-vol-", self.pid() + "-1");
    Path noSuchPid = dir(shmArea, "stowage-vol-", "99999999-1700000000000");
    StaleVolatileCleaner.Report report = cleaner.clean(List.of(shmArea));
    assertThat(report.removed()).containsExactlyInAnyOrder(reused, noSuchPid);
    assertThat(report.problems()).isEmpty();
    assertThat(reused).doesNotExist();
    assertThat(noSuchPid).doesNotExist();
  }

  @Test
  void keepsWhatIsNotStaleOrNotOurs() throws IOException {
    Path live = dir(shmArea, "stowage-vol-", self.encode());
    Path malformed = dir(shmArea, "stowage-vol-", "not-a-pid");
    Path otherPrefix = dir(shmArea, "other-vol-", "99999999-1");
    Path plainFile = Files.writeString(shmArea.resolve("stowage-vol-99999999-1-file"), "x");
    List<Path> kept = new ArrayList<>(List.of(live, malformed, otherPrefix, plainFile));
    if (VolatileFiles.currentUid() == 0) {
      Path foreign = dir(shmArea, "stowage-vol-", "99999999-1");
      Files.setAttribute(foreign, "unix:uid", 4242);
      kept.add(foreign);
    }
    StaleVolatileCleaner.Report report = cleaner.clean(List.of(shmArea, tempDir.resolve("missing")));
    assertThat(report.removed()).isEmpty();
    assertThat(report.problems()).isEmpty();
    for (Path path : kept) {
      assertThat(path).exists();
    }
  }

  @Test
  void unmountsAStalePrivateTmpfs() throws IOException {
    ShmSupport.assumeRoot();
    Path mountPoint = Files.createDirectory(tempDir.resolve("stowage-tmpfs-99999999-1700000000000-0123456789abcdef"));
    CommandRunner runner = CommandRunner.system();
    assertThat(runner.run(List.of("mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", mountPoint.toString())).succeeded())
        .isTrue();
    try {
      Files.writeString(mountPoint.resolve("config.json"), "{}");
      StaleVolatileCleaner.Report report = cleaner.clean(List.of(tempDir));
      assertThat(report.removed()).containsExactly(mountPoint);
      assertThat(VolatileFiles.isMountPoint(mountPoint)).isFalse();
      assertThat(mountPoint).doesNotExist();
    } finally {
      if (VolatileFiles.isMountPoint(mountPoint)) {
        runner.run(List.of("umount", mountPoint.toString()));
      }
    }
  }

  @Test
  void optionsNameEveryPlaceToClean() {
    VolatileRootOptions options =
        VolatileRootOptions.defaults(java.util.Map.of("XDG_RUNTIME_DIR", "/run/user/1000"))
            .withExplicitRoot(Path.of("/mnt/ram"))
            .withPrivateMountParent(tempDir);
    assertThat(options.cleanupParents())
        .containsExactly(Path.of("/mnt/ram"), Path.of("/run/user/1000"), Path.of("/dev/shm"), Path.of("/run"), tempDir);
  }
}
