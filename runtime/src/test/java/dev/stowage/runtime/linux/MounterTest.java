package dev.stowage.runtime.linux;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real mounts through the system calls (and through mount(8) where the plan says so), proved by
 * {@code /proc/self/mountinfo}. Needs root, tmpfs, overlayfs and Java 22 or later.
 */
class MounterTest {
  private static final String OVERLAY_TAIL = ",index=off,metacopy=off,redirect_dir=off";

  @TempDir Path temp;
  private final Recording runner = new Recording();
  private Mounter mounter;

  @BeforeEach
  void requireRootMountsAndSystemCalls() {
    Path proc = Path.of("/proc");
    assumeTrue(HostCapabilities.effectiveUid(proc) == 0, "mounting needs root");
    assumeTrue(HostCapabilities.filesystems(proc).containsAll(List.of("tmpfs", "overlay")),
        "needs tmpfs and overlayfs");
    assumeTrue(SystemMounts.foreign().isPresent(), "the system calls need Java 22 or later");
    mounter = new Mounter(runner, SystemMounts.foreign());
  }

  @AfterEach
  void unmountWhatATestLeft() {
    if (mounter != null) {
      new Mounter(new ProcessCommandRunner(), Optional.empty()).unmountAllUnder(temp);
    }
  }

  @Test
  void mountsAndUnmountsATmpfsWithoutRunningAProgram() throws IOException {
    Path target = Files.createDirectory(temp.resolve("tmpfs"));

    mounter.mount("tmpfs", "stowage-test", target, "size=1m,mode=0700,nodev,nosuid,noexec", null);

    MountInfo mounted = mountAt(target).orElseThrow();
    assertThat(mounted.fsType()).isEqualTo("tmpfs");
    assertThat(mounted.source()).isEqualTo("stowage-test");
    assertThat(mounted.superOptions()).contains("size=1024k", "mode=700");
    assertThat(mountOptions(target)).contains("nodev", "nosuid", "noexec");
    mounter.unmount(target);
    assertThat(mountAt(target)).isEmpty();
    assertThat(runner.commands).isEmpty();
  }

  @Test
  void mountsAnOverlayWhoseRelativeDirectoriesResolveInTheWorkingDirectory() throws IOException {
    Path root = Files.createDirectory(temp.resolve("snapshots"));
    Path lower = Files.createDirectories(root.resolve("1/fs"));
    Files.writeString(lower.resolve("from-lower"), "lower");
    Files.createDirectories(root.resolve("l"));
    Files.createSymbolicLink(root.resolve("l/ABC"), Path.of("../1/fs"));
    Path upper = Files.createDirectories(root.resolve("active/x/upper"));
    Files.createDirectories(root.resolve("active/x/work"));
    Path merged = Files.createDirectories(root.resolve("active/x/merged"));

    mounter.mount("overlay", "overlay", merged,
        "lowerdir=l/ABC,upperdir=active/x/upper,workdir=active/x/work" + OVERLAY_TAIL, root);

    MountInfo mounted = mountAt(merged).orElseThrow();
    assertThat(mounted.fsType()).isEqualTo("overlay");
    assertThat(mounted.superOptions()).contains("lowerdir=" + root.resolve("l/ABC"),
        "upperdir=" + upper, "workdir=" + root.resolve("active/x/work"));
    assertThat(Files.readString(merged.resolve("from-lower"))).isEqualTo("lower");
    Files.writeString(merged.resolve("written"), "up");
    assertThat(upper.resolve("written")).hasContent("up");
    mounter.unmount(merged);
    assertThat(mountAt(merged)).isEmpty();
    assertThat(runner.commands).isEmpty();
  }

  @Test
  void aReadOnlyOverlayIsMountedReadOnly() throws IOException {
    Path a = Files.createDirectory(temp.resolve("a"));
    Path b = Files.createDirectory(temp.resolve("b"));
    Path merged = Files.createDirectory(temp.resolve("merged"));

    mounter.mount("overlay", "overlay", merged, "ro,lowerdir=a:b" + OVERLAY_TAIL, temp);

    assertThat(mountOptions(merged)).startsWith("ro,");
    assertThat(mountAt(merged).orElseThrow().superOptions()).contains("lowerdir=" + a + ":" + b);
  }

  @Test
  void optionsTooLongOnceAbsoluteAreLeftToMountEightInTheWorkingDirectory() throws IOException {
    Path root = Files.createDirectory(temp.resolve("snapshots"));
    Files.createDirectories(root.resolve("l"));
    List<String> lowers = new ArrayList<>();
    for (int i = 0; i < 110; i++) {
      String link = "l/ABCDEFGHIJKLMNOPQRSTUVW" + i;
      Files.createDirectory(root.resolve("layer" + i));
      Files.createSymbolicLink(root.resolve(link), Path.of("../layer" + i));
      lowers.add(link);
    }
    Path merged = Files.createDirectory(root.resolve("merged"));
    String options = "ro,lowerdir=" + String.join(":", lowers) + OVERLAY_TAIL;

    mounter.mount("overlay", "overlay", merged, options, root);

    assertThat(runner.commands).containsExactly(List.of("mount", "-t", "overlay", "-o", options, "overlay",
        merged.toString()));
    assertThat(mountAt(merged)).isPresent();
    mounter.unmount(merged);
    assertThat(mountAt(merged)).isEmpty();
    assertThat(runner.commands).hasSize(1);
  }

  @Test
  void unmountingWhatIsNotMountedDoesNothing() throws IOException {
    Path plain = Files.createDirectory(temp.resolve("plain"));
    Path target = Files.createDirectory(temp.resolve("tmpfs"));
    mounter.mount("tmpfs", "tmpfs", target, "size=1m", null);
    Path link = Files.createSymbolicLink(temp.resolve("link"), target);

    mounter.unmount(plain);
    mounter.unmount(temp.resolve("missing"));
    mounter.unmount(link); // a symlink is not the mount it points at

    assertThat(mountAt(target)).isPresent();
    assertThat(runner.commands).isEmpty();
  }

  @Test
  void aBusyMountIsDetachedLazily() throws IOException {
    Path target = Files.createDirectory(temp.resolve("tmpfs"));
    mounter.mount("tmpfs", "tmpfs", target, "size=1m", null);
    Path file = Files.writeString(target.resolve("open"), "held");

    try (FileChannel held = FileChannel.open(file, StandardOpenOption.READ)) {
      mounter.unmount(target);

      assertThat(mountAt(target)).isEmpty();
      assertThat(held.size()).isEqualTo(4); // still readable: detached, not gone, until the last user closes
    }
  }

  @Test
  void failuresReadLikeMountEight() throws IOException {
    Path missing = temp.resolve("missing");
    Path dir = Files.createDirectory(temp.resolve("dir"));
    Path file = Files.writeString(temp.resolve("file"), "");

    assertThatThrownBy(() -> mounter.mount("tmpfs", "tmpfs", missing, "size=1m", null))
        .isInstanceOf(MountException.class)
        .hasMessageStartingWith("mount -t tmpfs tmpfs " + missing + " failed: mount point does not exist (ENOENT)");
    assertThatThrownBy(() -> mounter.mount("nosuchfs", "x", dir, "", null))
        .hasMessageContaining("unknown filesystem type 'nosuchfs' (ENODEV)");
    assertThatThrownBy(() -> mounter.mount("tmpfs", "tmpfs", dir, "size=banana", null))
        .hasMessageContaining("wrong fs type, bad option, bad superblock on tmpfs, missing codepage or helper "
            + "program, or other error (EINVAL)");
    assertThatThrownBy(() -> mounter.mount("overlay", "overlay", dir, "ro,lowerdir=nope1:nope2", temp))
        .hasMessageContaining("a lower, upper or work directory does not exist (ENOENT)");
    assertThatThrownBy(() -> mounter.mount("tmpfs", "tmpfs", file, "size=1m", null))
        .hasMessageContaining("mount point is not a directory (ENOTDIR)")
        .satisfies(e -> assertThat(((MountException) e).errno()).isEqualTo(MountErrno.ENOTDIR));
    assertThat(MountTable.read().mountPointsUnder(temp)).isEmpty();
  }

  @Test
  void withoutTheSystemCallsTheProgramsDoTheWork() throws IOException {
    Mounter programs = new Mounter(runner, Optional.empty());
    Path target = Files.createDirectory(temp.resolve("tmpfs"));

    programs.mount("tmpfs", "tmpfs", target, "size=1m", temp);
    assertThat(mountAt(target)).isPresent();
    programs.unmount(target);

    assertThat(mountAt(target)).isEmpty();
    assertThat(runner.commands).containsExactly(List.of("mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs",
        target.toString()), List.of("umount", target.toString()));
  }

  private static Optional<MountInfo> mountAt(Path target) {
    return MountTable.read().mounts().stream().filter(m -> m.mountPoint().equals(target)).findFirst();
  }

  /** The per-mount options (field 6 of mountinfo), which {@link MountInfo} does not keep. */
  private static String mountOptions(Path target) throws IOException {
    for (String line : Files.readAllLines(Path.of("/proc/self/mountinfo"))) {
      String[] fields = line.split(" ");
      if (MountTable.unescape(fields[4]).equals(target.toString())) {
        return fields[5];
      }
    }
    throw new AssertionError(target + " is not mounted");
  }

  /** Runs programs for real and records their argument vectors. */
  private static final class Recording implements CommandRunner {
    final List<List<String>> commands = new ArrayList<>();
    private final ProcessCommandRunner delegate = new ProcessCommandRunner();

    @Override
    public CommandResult run(HostCommand command) {
      commands.add(command.argv());
      return delegate.run(command);
    }
  }
}
