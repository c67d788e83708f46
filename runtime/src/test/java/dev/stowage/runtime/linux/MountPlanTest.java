package dev.stowage.runtime.linux;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stowage.runtime.linux.MountPlan.Options;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class MountPlanTest {
  private static final Path ROOT = Path.of("/var/lib/stowage/snapshots");
  private static final String TAIL = ",index=off,metacopy=off,redirect_dir=off";

  private static MountCall systemCall(MountPlan plan) {
    assertThat(plan).isInstanceOf(MountPlan.SystemCall.class);
    return ((MountPlan.SystemCall) plan).call();
  }

  @Test
  void overlayDirectoriesRelativeToTheWorkingDirectoryBecomeAbsolute() {
    MountCall call = systemCall(MountPlan.of("overlay", "overlay", ROOT.resolve("active/1/merged"),
        "lowerdir=l/AB:l/CD:/abs/lower,upperdir=active/1/upper,workdir=active/1/work" + TAIL, Optional.of(ROOT)));

    assertThat(call).isEqualTo(new MountCall("overlay", ROOT.resolve("active/1/merged"), "overlay", 0,
        "lowerdir=/var/lib/stowage/snapshots/l/AB:/var/lib/stowage/snapshots/l/CD:/abs/lower,"
            + "upperdir=/var/lib/stowage/snapshots/active/1/upper,workdir=/var/lib/stowage/snapshots/active/1/work"
            + TAIL));
  }

  @Test
  void flagsLeaveTheDataAndTheDataKeepsItsOrder() {
    MountCall readOnly = systemCall(MountPlan.of("overlay", "overlay", Path.of("/m"), "ro,lowerdir=l/A:l/B" + TAIL,
        Optional.of(ROOT)));
    MountCall tmpfs = systemCall(MountPlan.of("tmpfs", "tmpfs", Path.of("/run/x"),
        "mode=0700,nodev,nosuid,noexec,size=67108864", Optional.empty()));

    assertThat(readOnly.flags()).isEqualTo(Options.MS_RDONLY);
    assertThat(readOnly.data()).isEqualTo("lowerdir=" + ROOT + "/l/A:" + ROOT + "/l/B" + TAIL);
    assertThat(tmpfs.flags()).isEqualTo(Options.MS_NODEV | Options.MS_NOSUID | Options.MS_NOEXEC);
    assertThat(tmpfs.data()).isEqualTo("mode=0700,size=67108864");
  }

  @Test
  void laterFlagsWinAndDefaultsOrNoOptionsAreNothing() {
    assertThat(systemCall(MountPlan.of("tmpfs", "tmpfs", Path.of("/x"), "ro,nodev,rw,dev,noatime",
        Optional.empty())).flags()).isEqualTo(Options.MS_NOATIME);
    assertThat(systemCall(MountPlan.of("tmpfs", "tmpfs", Path.of("/x"), "", Optional.empty())))
        .isEqualTo(new MountCall("tmpfs", Path.of("/x"), "tmpfs", 0, ""));
    assertThat(systemCall(MountPlan.of("tmpfs", "tmpfs", Path.of("/x"), "defaults", Optional.empty())).data())
        .isEmpty();
  }

  @Test
  void dataOnlyLowerDirectoriesKeepTheirDoubleColon() {
    assertThat(systemCall(MountPlan.of("overlay", "overlay", Path.of("/m"), "ro,lowerdir=l/A:l/B::l/DATA",
        Optional.of(Path.of("/r")))).data()).isEqualTo("lowerdir=/r/l/A:/r/l/B::/r/l/DATA");
  }

  @Test
  void aRelativeMountPointIsResolvedInTheWorkingDirectory() {
    assertThat(systemCall(MountPlan.of("overlay", "overlay", Path.of("active/1/merged"), "ro,lowerdir=a:b",
        Optional.of(ROOT))).target()).isEqualTo(ROOT.resolve("active/1/merged"));
  }

  @Test
  void optionsThatFitOnlyWhileRelativeGoToMountEight() {
    StringBuilder lowers = new StringBuilder("lowerdir=");
    for (int i = 0; i < 120; i++) {
      lowers.append(i == 0 ? "" : ":").append("l/ABCDEFGHIJKLMNOPQRSTU").append(i);
    }
    String options = lowers + ",upperdir=active/1/upper,workdir=active/1/work" + TAIL;
    assertThat(options.length()).isLessThan(MountPlan.MAX_DATA_BYTES);

    assertThat(MountPlan.of("overlay", "overlay", Path.of("/m"), options, Optional.of(ROOT)))
        .isEqualTo(new MountPlan.Program("mount options longer than a page once their paths are absolute"));
    assertThat(MountPlan.of("overlay", "overlay", Path.of("/m"), options, Optional.empty()))
        .isInstanceOf(MountPlan.SystemCall.class);
  }

  @Test
  void whatOnlyMountEightDoesStaysWithIt() {
    assertThat(MountPlan.of("none", "/src", Path.of("/dst"), "bind,ro", Optional.empty()))
        .isEqualTo(new MountPlan.Program("the mount option 'bind'"));
    assertThat(MountPlan.of("tmpfs", "tmpfs", Path.of("/x"), "x-systemd.automount", Optional.empty()))
        .isInstanceOf(MountPlan.Program.class);
    assertThat(MountPlan.of("tmpfs", "tmpfs", Path.of("/x"), "rshared", Optional.empty()))
        .isInstanceOf(MountPlan.Program.class);
    assertThat(MountPlan.of("tmpfs", "tmpfs", Path.of("/x"), "size=1m", Optional.of(ROOT)))
        .isEqualTo(new MountPlan.Program("a tmpfs mount in a working directory"));
    assertThat(MountPlan.of("overlay", "overlay", Path.of("/m"), "ro,lowerdir=l/a\\:b:l/c", Optional.of(ROOT)))
        .isEqualTo(new MountPlan.Program("escaped characters in overlay's lowerdir"));
    assertThat(MountPlan.of("ext4", "/dev/x", Path.of("/m"), "data=\"ordered\"", Optional.empty()))
        .isInstanceOf(MountPlan.Program.class);
  }
}
