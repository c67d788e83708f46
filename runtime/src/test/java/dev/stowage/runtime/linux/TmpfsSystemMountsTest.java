package dev.stowage.runtime.linux;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.stowage.secrets.tmpfs.TmpfsMounts;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The secrets' private tmpfs through the mounter: real mounts, proved by {@code /proc/self/mountinfo}. */
class TmpfsSystemMountsTest {
  @TempDir Path temp;
  private final TmpfsMounts mounts = TmpfsSystemMounts.system();

  @AfterEach
  void unmountWhatATestLeft() {
    new Mounter(new ProcessCommandRunner(), Optional.empty()).unmountAllUnder(temp);
  }

  @Test
  void mountsAPrivateTmpfsWithItsOptionsAndUnmountsIt() throws IOException {
    assumeTrue(HostCapabilities.effectiveUid(Path.of("/proc")) == 0, "mounting needs root");
    Path target = Files.createDirectory(temp.resolve("stowage-tmpfs"));

    assertThat(mounts.mount(target, "mode=0700,nodev,nosuid,noexec,size=1048576")).isEmpty();

    MountInfo mounted = mountAt(target).orElseThrow();
    assertThat(mounted.fsType()).isEqualTo("tmpfs");
    assertThat(mounted.superOptions()).contains("size=1024k", "mode=700");
    assertThat(mounts.unmount(target)).isEmpty();
    assertThat(mountAt(target)).isEmpty();
  }

  @Test
  void aFailedMountIsAOneLineReason() {
    assumeTrue(HostCapabilities.effectiveUid(Path.of("/proc")) == 0, "mounting needs root");
    Path missing = temp.resolve("missing");

    Optional<String> failure = mounts.mount(missing, "mode=0700,size=1048576");

    assertThat(failure).hasValueSatisfying(reason -> assertThat(reason).contains(missing.toString()).doesNotContain("\n"));
    assertThat(mountAt(missing)).isEmpty();
  }

  @Test
  void unmountingWhatIsNotMountedSucceeds() throws IOException {
    assertThat(mounts.unmount(Files.createDirectory(temp.resolve("plain")))).isEmpty();
  }

  private static Optional<MountInfo> mountAt(Path target) {
    return MountTable.read().mounts().stream().filter(m -> m.mountPoint().equals(target)).findFirst();
  }
}
