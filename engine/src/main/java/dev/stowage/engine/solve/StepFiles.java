package dev.stowage.engine.solve;

import dev.stowage.engine.plan.PlannedStep;
import dev.stowage.oci.Digest;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/** The filesystem work of COPY, ADD and WORKDIR steps, and user lookups, inside mounted root filesystems. */
public interface StepFiles {

  /**
   * Copies a COPY/ADD step's sources from {@code sourceRoot} (the context, after .dockerignore when
   * {@code fromContext}, or another stage's or image's filesystem) into {@code destRoot}; {@code --chown} names
   * are looked up in {@code usersRoot} (the stage's filesystem: for {@code COPY --link} not the destination).
   */
  void copy(PlannedStep.Copy step, Path sourceRoot, boolean fromContext, Path destRoot, Path usersRoot)
      throws IOException;

  /**
   * The content digest of what a COPY/ADD selects from the build context (after .dockerignore, wildcards,
   * {@code --exclude} and {@code --parents}): path, mode, owner, link target and bytes, never times. For the cache key.
   */
  Digest contextDigest(PlannedStep.Copy step, Path context);

  /** The content digest of one context path that a {@code RUN --mount=type=bind} binds, for the cache key. */
  Digest contextDigest(String path, Path context);

  /** {@code mkdir -p} the WORKDIR inside {@code root}, new directories owned by {@code user} (empty: root). */
  void workdir(String path, String user, Path root) throws IOException;

  /** Resolves a USER value against the root's /etc/passwd and /etc/group. */
  ExecUser user(String user, Path root);

  /** A resolved RUN user. */
  record ExecUser(int uid, int gid, List<Integer> additionalGids) {
    public ExecUser {
      additionalGids = List.copyOf(additionalGids);
    }
  }
}
