package dev.stowage.oci.archive;

import java.nio.file.Path;
import java.util.List;

final class NoXattrs implements XattrAccess {
  static final NoXattrs INSTANCE = new NoXattrs();

  private NoXattrs() {}

  @Override
  public List<Xattr> list(Path path) {
    return List.of();
  }

  @Override
  public boolean canWrite(String name) {
    return false;
  }

  @Override
  public void set(Path path, Xattr xattr) {
    throw new UnsupportedOperationException("extended attributes are disabled; cannot set " + xattr.name());
  }
}
