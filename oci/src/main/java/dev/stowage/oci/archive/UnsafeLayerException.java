package dev.stowage.oci.archive;

import dev.stowage.oci.OciException;

/**
 * A layer entry was refused because applying it could write outside the target directory or break the
 * extraction's limits: a {@code ..} path, a write through a symlink, a hard link to a missing or outside file,
 * an absurd size, a decompression bomb. Nothing of the refused entry is written.
 */
public class UnsafeLayerException extends OciException {
  public UnsafeLayerException(String message) {
    super(message);
  }
}
