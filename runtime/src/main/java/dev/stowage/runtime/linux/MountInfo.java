package dev.stowage.runtime.linux;

import java.nio.file.Path;
import java.util.Objects;

/** One line of {@code /proc/self/mountinfo}: what is mounted where. */
public record MountInfo(int id, int parentId, Path mountPoint, String fsType, String source, String superOptions) {
  public MountInfo {
    Objects.requireNonNull(mountPoint, "mountPoint");
    Objects.requireNonNull(fsType, "fsType");
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(superOptions, "superOptions");
  }
}
