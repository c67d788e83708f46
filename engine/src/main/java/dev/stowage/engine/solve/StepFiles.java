package dev.stowage.engine.solve;

import dev.stowage.engine.plan.PlannedStep;
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
