package dev.stowage.engine.plan;

import java.util.Optional;

/** A {@code RUN --mount} with BuildKit's defaults applied and every value expanded. */
public sealed interface PlannedMount {
  /** Absolute path inside the container; empty for an env-only secret. */
  Optional<String> target();

  /**
   * A secret: a file (default {@code /run/secrets/<id>}, mode 0400, root) and/or an environment variable. Holds
   * the id only, never the value.
   */
  record Secret(String id, Optional<String> target, Optional<String> env, boolean required, int mode, int uid,
      int gid) implements PlannedMount {}

  /** An SSH agent socket (default {@code /run/buildkit/ssh_agent.<n>}). */
  record Ssh(String id, Optional<String> target, boolean required, int mode, int uid, int gid)
      implements PlannedMount {}

  /** A persistent cache directory, kept between builds under the state directory. */
  record Cache(String id, Optional<String> target, Optional<CopySource> from, String source, boolean readOnly,
      String sharing, int mode, int uid, int gid) implements PlannedMount {}

  /** A bind mount of the context, a stage or an image (read-only unless {@code rw}; writes are discarded). */
  record Bind(Optional<String> target, CopySource from, String source, boolean readWrite) implements PlannedMount {}

  /** A tmpfs ({@code size} in bytes, 0 for the runtime's default). */
  record Tmpfs(Optional<String> target, long size) implements PlannedMount {}
}
