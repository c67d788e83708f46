package dev.stowage.engine.copy;

/** A numeric owner for copied files: {@code --chown} after names are resolved. */
public record Owner(int uid, int gid) {
  /** root:root. */
  public static final Owner ROOT = new Owner(0, 0);

  public Owner {
    if (uid < 0 || gid < 0) {
      throw new IllegalArgumentException("uid and gid must be in range 0-2147483647, got " + uid + ":" + gid);
    }
  }

  @Override
  public String toString() {
    return uid + ":" + gid;
  }
}
