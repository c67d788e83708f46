package dev.stowage.runtime.linux;

import java.nio.file.Path;
import java.util.Objects;

/**
 * The arguments of one mount(2) call: what mount(8) would pass to the kernel for a request.
 *
 * @param source the source (a device, a directory, or a name such as {@code overlay} or {@code tmpfs})
 * @param target the absolute mount point
 * @param fsType the file system type
 * @param flags the {@code MS_*} flags
 * @param data the file system's own options, comma-separated; empty for none (a null pointer)
 */
record MountCall(String source, Path target, String fsType, long flags, String data) {
  MountCall {
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(fsType, "fsType");
    Objects.requireNonNull(data, "data");
    if (!target.isAbsolute()) {
      throw new IllegalArgumentException("mount target must be absolute: " + target);
    }
  }
}
