package dev.stowage.runtime.linux;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stowage.runtime.linux.MountErrno.Target;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class MountErrnoTest {
  private static final MountCall OVERLAY = new MountCall("overlay", Path.of("/s/active/1/merged"), "overlay", 0,
      "lowerdir=/s/l/A:/s/l/B");
  private static final String DMESG = "; dmesg(1) may have more information after a failed mount system call";

  @Test
  void mountFailuresReadLikeMountEight() {
    assertThat(MountErrno.mountFailure(OVERLAY, MountErrno.EINVAL, Target.DIRECTORY))
        .isEqualTo("mount -t overlay overlay /s/active/1/merged failed: wrong fs type, bad option, bad superblock "
            + "on overlay, missing codepage or helper program, or other error (EINVAL)" + DMESG);
    assertThat(MountErrno.mountFailure(OVERLAY, MountErrno.ENOENT, Target.MISSING))
        .isEqualTo("mount -t overlay overlay /s/active/1/merged failed: mount point does not exist (ENOENT)" + DMESG);
    assertThat(MountErrno.mountFailure(OVERLAY, MountErrno.ENOENT, Target.DIRECTORY))
        .contains("a lower, upper or work directory does not exist (ENOENT)");
    assertThat(MountErrno.mountFailure(OVERLAY, MountErrno.ENOTDIR, Target.NOT_A_DIRECTORY))
        .contains("mount point is not a directory (ENOTDIR)");
    assertThat(MountErrno.mountFailure(OVERLAY, MountErrno.EBUSY, Target.DIRECTORY))
        .contains("overlay already mounted or mount point busy (EBUSY)");
    assertThat(MountErrno.mountFailure(new MountCall("t", Path.of("/m"), "nosuchfs", 0, ""), MountErrno.ENODEV,
        Target.DIRECTORY)).contains("unknown filesystem type 'nosuchfs' (ENODEV)");
    assertThat(MountErrno.mountFailure(new MountCall("tmpfs", Path.of("/m"), "tmpfs", 1, ""), MountErrno.EROFS,
        Target.DIRECTORY)).contains("cannot mount tmpfs read-only (EROFS)");
    assertThat(MountErrno.mountFailure(OVERLAY, 4095, Target.DIRECTORY))
        .contains("mount(2) system call failed (errno 4095)");
  }

  @Test
  void unmountFailuresNameTheTargetAndTheErrno() {
    assertThat(MountErrno.umountFailure(Path.of("/m"), MountErrno.EBUSY))
        .isEqualTo("umount /m failed: target is busy, and detaching it lazily failed too (EBUSY)");
    assertThat(MountErrno.umountFailure(Path.of("/m"), MountErrno.EPERM))
        .isEqualTo("umount /m failed: permission denied (unmounting needs root, i.e. CAP_SYS_ADMIN) (EPERM)");
  }

  @Test
  void onlyNotAMountPointOrNoSuchPathMeanNothingToUnmount() {
    assertThat(MountErrno.notMounted(MountErrno.EINVAL)).isTrue();
    assertThat(MountErrno.notMounted(MountErrno.ENOENT)).isTrue();
    assertThat(MountErrno.notMounted(MountErrno.EBUSY)).isFalse();
    assertThat(MountErrno.notMounted(MountErrno.EPERM)).isFalse();
  }
}
