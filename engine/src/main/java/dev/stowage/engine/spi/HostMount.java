package dev.stowage.engine.spi;

import java.util.List;
import java.util.Objects;

/**
 * A mount for a RUN step, in OCI runtime-spec terms: a bind of a host path (a context directory, a cache
 * directory, a secret file on tmpfs, an SSH agent socket) or a tmpfs. Never holds secret bytes: a secret
 * arrives as the path of a file on a verified tmpfs.
 *
 * @param type {@code bind} or {@code tmpfs}
 * @param source the host path for a bind, {@code tmpfs} for a tmpfs
 * @param destination absolute path inside the container
 * @param options runtime-spec options, e.g. {@code rbind}, {@code ro}, {@code nosuid}, {@code nodev}, {@code size=64m}
 */
public record HostMount(String type, String source, String destination, List<String> options) {
  public HostMount {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(destination, "destination");
    options = List.copyOf(options);
  }
}
