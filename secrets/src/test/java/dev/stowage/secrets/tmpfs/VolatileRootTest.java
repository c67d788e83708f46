package dev.stowage.secrets.tmpfs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VolatileRootTest {
  @TempDir Path tempDir;

  /** Records every command and answers with a fixed result; runs nothing. */
  static final class RecordingRunner implements CommandRunner {
    final List<List<String>> commands = new ArrayList<>();
    private final Result answer;

    RecordingRunner(Result answer) {
      this.answer = answer;
    }

    @Override
    public Result run(List<String> argv) {
      commands.add(List.copyOf(argv));
      return answer;
    }
  }

  private VolatileRootOptions options() {
    return VolatileRootOptions.defaults(Map.of()).withPrivateMountParent(tempDir);
  }

  @Test
  void anExplicitRootMustBeTmpfs() throws IOException {
    String type = Files.getFileStore(tempDir).type();
    assumeFalse(VolatileFiles.VOLATILE_TYPES.contains(type), "the temp dir is on " + type);
    assertThatThrownBy(() -> VolatileRoot.locate(options().withExplicitRoot(tempDir)))
        .isInstanceOf(VolatileStorageException.class)
        .hasMessageStartingWith("refusing to keep secrets in --volatile-root " + tempDir + ": it is on " + type);
  }

  @Test
  void anExplicitTmpfsRootIsUsedAsIs() {
    ShmSupport.assumeShmIsTmpfs();
    try (VolatileRoot root = VolatileRoot.locate(options().withExplicitRoot(ShmSupport.SHM))) {
      assertThat(root.path()).isEqualTo(ShmSupport.SHM);
      assertThat(root.isPrivateMount()).isFalse();
    }
  }

  @Test
  void skipsCandidatesThatAreNotReallyTmpfs() {
    ShmSupport.assumeShmIsTmpfs();
    // $XDG_RUNTIME_DIR pointing at a disk directory, then /dev/shm, then /run.
    VolatileRootOptions options =
        VolatileRootOptions.defaults(Map.of("XDG_RUNTIME_DIR", tempDir.toString())).withPrivateMountParent(tempDir);
    assertThat(options.candidates()).containsExactly(tempDir, Path.of("/dev/shm"), Path.of("/run"));
    try (VolatileRoot root = VolatileRoot.locate(options)) {
      assertThat(root.path()).isEqualTo(ShmSupport.SHM);
    }
  }

  @Test
  void saysWhereItLookedWhenNothingFitsAndItMayNotMount() throws IOException {
    Path run = Path.of("/run");
    assumeFalse(ShmSupport.isTmpfs(run), "/run is tmpfs here");
    String runType = Files.getFileStore(run).type();
    Path missing = tempDir.resolve("no-such-dir");
    assertThatThrownBy(
            () -> VolatileRoot.locate(options().withCandidates(List.of(missing, run)).withMayMount(false)))
        .isInstanceOf(VolatileStorageException.class)
        .hasMessage(
            "found no tmpfs for secrets (" + missing + " does not exist; /run is on " + runType
                + "); run as root so Stowage can mount one, or pass --volatile-root <a tmpfs directory>");
  }

  @Test
  void mountsAPrivateTmpfsWithSafeOptionsAndUnmountsItOnClose() {
    ShmSupport.assumeRoot();
    VolatileRoot root = VolatileRoot.locate(options().withCandidates(List.of()));
    try {
      assertThat(root.isPrivateMount()).isTrue();
      assertThat(root.path().getParent()).isEqualTo(tempDir);
      assertThat(root.path().getFileName().toString()).startsWith("stowage-tmpfs-" + ProcessHandle.current().pid() + "-");
      assertThat(ShmSupport.isTmpfs(root.path())).isTrue();
      assertThat(VolatileFiles.isMountPoint(root.path())).isTrue();
      assertThat(VolatileFiles.mountOptions(root.path())).contains("nodev", "nosuid", "noexec", "mode=700");
      try (VolatileDir dir = root.newDir()) {
        assertThat(dir.path().getParent()).isEqualTo(root.path());
      }
    } finally {
      root.close();
    }
    assertThat(VolatileFiles.isMountPoint(root.path())).isFalse();
    assertThat(root.path()).doesNotExist();
    root.close(); // idempotent
  }

  @Test
  void theMountCommandLineHoldsOnlyPathsAndOptions() {
    RecordingRunner runner = new RecordingRunner(new CommandRunner.Result(0, ""));
    // The fake mounts nothing, so the check that follows the mount fails and the root is unmounted again.
    assertThatThrownBy(() -> VolatileRoot.locate(options().withCandidates(List.of()).withMayMount(true).withRunner(runner)))
        .isInstanceOf(VolatileStorageException.class)
        .hasMessageContaining("is still not tmpfs");
    assertThat(runner.commands).hasSize(2);
    List<String> mount = runner.commands.get(0);
    String mountPoint = mount.get(6);
    assertThat(mount)
        .containsExactly(
            "mount", "-t", "tmpfs", "-o", "mode=0700,nodev,nosuid,noexec,size=67108864", "tmpfs", mountPoint);
    assertThat(Path.of(mountPoint).getParent()).isEqualTo(tempDir);
    assertThat(runner.commands.get(1)).containsExactly("umount", mountPoint);
    assertThat(Path.of(mountPoint)).doesNotExist();
  }

  @Test
  void aFailedMountIsReportedAndLeavesNoMountPoint() throws IOException {
    RecordingRunner runner = new RecordingRunner(new CommandRunner.Result(32, "mount: only root can do that\n"));
    assertThatThrownBy(
            () -> VolatileRoot.locate(options().withCandidates(List.of()).withMayMount(true).withNoexec(false).withRunner(runner)))
        .isInstanceOf(VolatileStorageException.class)
        .hasMessageContaining("failed (exit 32: mount: only root can do that); pass --volatile-root");
    assertThat(runner.commands.getFirst().get(4)).isEqualTo("mode=0700,nodev,nosuid,size=67108864");
    try (var entries = Files.list(tempDir)) {
      assertThat(entries).isEmpty();
    }
  }
}
