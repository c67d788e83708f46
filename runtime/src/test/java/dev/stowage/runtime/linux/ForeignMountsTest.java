package dev.stowage.runtime.linux;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * mount(2) and umount2(2) as {@link ForeignMounts} makes them, through the one {@code syscall} downcall of
 * {@code oci.ForeignSyscalls}: the numbers and every argument proved on this machine by a real tmpfs. Needs root and
 * Java 22 or later.
 */
class ForeignMountsTest {
  private static final long MS_RDONLY = 1;
  private static final long MS_NOSUID = 2;

  @TempDir Path temp;
  private MountSyscalls calls;

  @BeforeEach
  void requireRootAndSystemCalls() {
    assumeTrue(HostCapabilities.effectiveUid(Path.of("/proc")) == 0, "mounting needs root");
    assumeTrue(SystemMounts.foreign().isPresent(), "the system calls need Java 22 or later");
    calls = SystemMounts.foreign().orElseThrow();
  }

  @AfterEach
  void unmountWhatATestLeft() {
    if (calls != null) {
      new Mounter(new ProcessCommandRunner(), Optional.empty()).unmountAllUnder(temp);
    }
  }

  @Test
  void mountsATmpfsWithItsSourceFlagsAndDataThenUnmountsIt() throws IOException {
    Path target = Files.createDirectory(temp.resolve("tmpfs"));

    assertThat(calls.mount("stowage-syscall", target, "tmpfs", MS_RDONLY | MS_NOSUID, "size=1m")).isZero();

    MountInfo mounted = mountAt(target).orElseThrow();
    assertThat(mounted.fsType()).isEqualTo("tmpfs");
    assertThat(mounted.source()).isEqualTo("stowage-syscall");
    assertThat(mounted.superOptions()).startsWith("ro,").contains("size=1024k");
    assertThat(calls.umount2(target, 0)).isZero();
    assertThat(mountAt(target)).isEmpty();
  }

  @Test
  void failuresReturnTheErrno() throws IOException {
    Path dir = Files.createDirectory(temp.resolve("dir"));

    assertThat(calls.mount("x", dir, "nosuchfs", 0, "")).isEqualTo(MountErrno.ENODEV);
    assertThat(calls.umount2(dir, 0)).isEqualTo(MountErrno.EINVAL); // not a mount point
    assertThat(calls.umount2(temp.resolve("missing"), 0)).isEqualTo(MountErrno.ENOENT);
  }

  private static Optional<MountInfo> mountAt(Path target) {
    return MountTable.read().mounts().stream().filter(m -> m.mountPoint().equals(target)).findFirst();
  }
}
