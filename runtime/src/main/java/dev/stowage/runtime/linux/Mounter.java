package dev.stowage.runtime.linux;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Mounts and unmounts: through the mount(2) and umount2(2) system calls where the JDK can make them (Java 22 or
 * later, see {@link SystemMounts}), else, and for what only mount(8) knows how to do (see {@link MountPlan}),
 * through mount(8) and umount(8). Arguments hold paths and options only; nothing secret ever reaches a command
 * line or a system call.
 */
public final class Mounter {
  private static final int BUSY_RETRIES = 10;
  private static final Duration BUSY_PAUSE = Duration.ofMillis(50);

  private final CommandRunner runner;
  private final Optional<MountSyscalls> syscalls;

  /** A mounter making system calls where it can, and running programs through {@code runner} otherwise. */
  /** Links the mount system calls now (a cold JVM takes tens of milliseconds), e.g. on a warm-up thread. */
  public static void linkSystemCalls() {
    SystemMounts.foreign();
  }

  public Mounter(CommandRunner runner) {
    this(runner, SystemMounts.foreign());
  }

  Mounter(CommandRunner runner, Optional<MountSyscalls> syscalls) {
    this.runner = runner;
    this.syscalls = syscalls;
  }

  /** Whether mounts and unmounts are system calls here (Java 22 or later), rather than mount(8) and umount(8). */
  public boolean usesSystemCalls() {
    return syscalls.isPresent();
  }

  /**
   * {@code mount -t type -o options source target}, as if run in {@code workingDir} so relative paths in the
   * options (overlay's {@code lowerdir=}) resolve there.
   *
   * @throws MountException when the mount(2) system call fails
   * @throws CommandFailedException when mount(8) was run and failed
   */
  public void mount(String type, String source, Path target, String options, Path workingDir) {
    if (syscalls.isPresent()
        && MountPlan.of(type, source, target, options, Optional.ofNullable(workingDir))
            instanceof MountPlan.SystemCall(MountCall call)) {
      int errno = syscalls.get().mount(call.source(), call.target(), call.fsType(), call.flags(), call.data());
      if (errno != 0) {
        throw new MountException(MountErrno.mountFailure(call, errno, targetOf(call.target())), errno);
      }
      return;
    }
    List<String> argv = new ArrayList<>(List.of("mount", "-t", type));
    if (!options.isEmpty()) {
      argv.add("-o");
      argv.add(options);
    }
    argv.add(source);
    argv.add(target.toString());
    HostCommand mount = HostCommand.of(argv);
    runner.runChecked(workingDir == null ? mount : mount.in(workingDir));
  }

  /**
   * Unmounts {@code target}; a busy mount is retried briefly, then detached lazily (it disappears when its last
   * user goes away). A path that is not mounted is left alone.
   *
   * @throws MountException or {@link CommandFailedException} when even the lazy detach fails
   */
  public void unmount(Path target) {
    if (syscalls.isPresent()) {
      unmountBySystemCall(syscalls.get(), target.toAbsolutePath().normalize());
    } else {
      unmountByProgram(target);
    }
  }

  /** Unmounts everything mounted at or below {@code dir}, deepest first. */
  public void unmountAllUnder(Path dir) {
    for (Path mountPoint : MountTable.read().mountPointsUnder(dir)) {
      unmount(mountPoint);
    }
  }

  /** umount2's own answer says whether there was a mount (EINVAL: not a mount point), so no mount table is read. */
  private static void unmountBySystemCall(MountSyscalls calls, Path target) {
    int errno = 0;
    for (int attempt = 0; attempt < BUSY_RETRIES; attempt++) {
      errno = calls.umount2(target, MountSyscalls.UMOUNT_NOFOLLOW);
      if (errno == 0 || MountErrno.notMounted(errno)) {
        return;
      }
      if (errno != MountErrno.EBUSY) {
        break;
      }
      pause();
    }
    int lazy = calls.umount2(target, MountSyscalls.MNT_DETACH | MountSyscalls.UMOUNT_NOFOLLOW);
    if (lazy != 0 && !MountErrno.notMounted(lazy)) {
      throw new MountException(MountErrno.umountFailure(target, errno), errno);
    }
  }

  private void unmountByProgram(Path target) {
    HostCommand umount = HostCommand.of("umount", target.toString());
    CommandResult last = null;
    for (int attempt = 0; attempt < BUSY_RETRIES; attempt++) {
      if (!MountTable.read().isMountPoint(target)) {
        return;
      }
      last = runner.run(umount);
      if (last.succeeded()) {
        return;
      }
      if (!last.diagnostic().contains("busy")) {
        break;
      }
      pause();
    }
    if (!MountTable.read().isMountPoint(target)) {
      return;
    }
    CommandResult lazy = runner.run(HostCommand.of("umount", "-l", target.toString()));
    if (!lazy.succeeded() && MountTable.read().isMountPoint(target)) {
      throw new CommandFailedException(umount, last == null ? lazy : last);
    }
  }

  /** What is at a mount point whose mount failed, for the message (as mount(8) looks before explaining). */
  private static MountErrno.Target targetOf(Path target) {
    try {
      BasicFileAttributes own = Files.readAttributes(target, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
      if (own.isSymbolicLink() && !Files.exists(target)) {
        return MountErrno.Target.DANGLING_SYMLINK;
      }
      return Files.isDirectory(target) ? MountErrno.Target.DIRECTORY : MountErrno.Target.NOT_A_DIRECTORY;
    } catch (NoSuchFileException e) {
      return MountErrno.Target.MISSING;
    } catch (IOException e) {
      return MountErrno.Target.NOT_A_DIRECTORY;
    }
  }

  /** Sleeps even on an interrupted thread (finishing the unmount matters more), keeping the status. */
  private static void pause() {
    boolean interrupted = Thread.interrupted();
    try {
      Thread.sleep(BUSY_PAUSE);
    } catch (InterruptedException e) {
      interrupted = true;
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
