package dev.stowage.runtime.linux;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Mounts and unmounts through mount(8) and umount(8). Arguments hold paths and options only; nothing secret
 * ever reaches a command line.
 */
public final class Mounter {
  private static final int BUSY_RETRIES = 10;
  private static final Duration BUSY_PAUSE = Duration.ofMillis(50);

  private final CommandRunner runner;

  public Mounter(CommandRunner runner) {
    this.runner = runner;
  }

  /**
   * {@code mount -t type -o options source target}, run in {@code workingDir} so relative paths in the options
   * (overlay's {@code lowerdir=}) resolve there.
   */
  public void mount(String type, String source, Path target, String options, Path workingDir) {
    List<String> argv = new ArrayList<>(List.of("mount", "-t", type));
    if (!options.isEmpty()) {
      argv.add("-o");
      argv.add(options);
    }
    argv.add(source);
    argv.add(target.toString());
    runner.runChecked(HostCommand.of(argv).in(workingDir));
  }

  /**
   * Unmounts {@code target}; a busy mount is retried briefly, then detached lazily (it disappears when its last
   * user goes away). A path that is not mounted is left alone.
   */
  public void unmount(Path target) {
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

  /** Unmounts everything mounted at or below {@code dir}, deepest first. */
  public void unmountAllUnder(Path dir) {
    for (Path mountPoint : MountTable.read().mountPointsUnder(dir)) {
      unmount(mountPoint);
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
