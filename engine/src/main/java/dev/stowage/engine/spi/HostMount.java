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
 * @param writesDiscarded a bind the step may write to without changing {@code source}: the runtime puts the
 *     writes in scratch space of its own (an overlay over {@code source}) and drops them when the step ends
 *     ({@code RUN --mount=type=bind,rw} of the build context, which must never be written to)
 */
public record HostMount(String type, String source, String destination, List<String> options,
    boolean writesDiscarded) {
  public HostMount {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(destination, "destination");
    options = List.copyOf(options);
    if (writesDiscarded && !type.equals("bind")) {
      throw new IllegalArgumentException("only a bind mount can discard its writes, not " + type);
    }
  }

  /** A mount whose writes (if it allows any) reach its source. */
  public HostMount(String type, String source, String destination, List<String> options) {
    this(type, source, destination, options, false);
  }

  /** A writable bind of {@code source} whose writes never reach it (see {@link #writesDiscarded}). */
  public static HostMount discardingWrites(String source, String destination) {
    return new HostMount("bind", source, destination, List.of("rbind", "rw"), true);
  }
}
