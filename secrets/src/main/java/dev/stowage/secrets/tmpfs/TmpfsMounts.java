package dev.stowage.secrets.tmpfs;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Mounts and unmounts the private tmpfs of a {@link VolatileRoot}. The default runs mount(8) and umount(8); a
 * caller that can make the mount(2) and umount2(2) system calls passes its own (two processes fewer per build).
 * Only a path and mount options are ever passed, never a secret.
 */
public interface TmpfsMounts {
  /**
   * Mounts a tmpfs at {@code target} with {@code options} ({@code mode=0700,nodev,...,size=N}).
   *
   * @return empty on success, else why not, in one line
   */
  Optional<String> mount(Path target, String options);

  /**
   * Unmounts {@code target}, detaching it lazily when it is busy, so it never outlives the build.
   *
   * @return empty on success, else why not, in one line
   */
  Optional<String> unmount(Path target);

  /** mount(8) and umount(8), run by {@code runner}. */
  static TmpfsMounts programs(CommandRunner runner) {
    return new TmpfsMounts() {
      @Override
      public Optional<String> mount(Path target, String options) {
        return failure(runner.run(List.of("mount", "-t", "tmpfs", "-o", options, "tmpfs", target.toString())));
      }

      @Override
      public Optional<String> unmount(Path target) {
        CommandRunner.Result result = runner.run(List.of("umount", target.toString()));
        if (result.succeeded()) {
          return Optional.empty();
        }
        return runner.run(List.of("umount", "-l", target.toString())).succeeded() ? Optional.empty() : failure(result);
      }

      private static Optional<String> failure(CommandRunner.Result result) {
        return result.succeeded() ? Optional.empty()
            : Optional.of("exit " + result.exitCode() + ": " + result.firstLine());
      }
    };
  }
}
