package dev.stowage.engine.copy;

import java.util.List;

/** The identity a RUN process gets from {@code USER}: uid, primary gid and supplementary gids. */
public record ResolvedUser(int uid, int gid, List<Integer> additionalGids) {
  public static final ResolvedUser ROOT = new ResolvedUser(0, 0, List.of());

  public ResolvedUser {
    additionalGids = List.copyOf(additionalGids);
  }

  /** The uid and primary gid as a file owner (what WORKDIR creates directories with). */
  public Owner owner() {
    return new Owner(uid, gid);
  }
}
