package dev.stowage.oci.archive;

/** What {@link LayerExtractor} does with OCI whiteout entries. */
public enum WhiteoutMode {
  /** Delete what they name from the target (the target is a merged root file system). */
  APPLY,
  /**
   * Turn them into overlayfs whiteouts: a 0/0 character device for {@code .wh.name} and the
   * {@code trusted.overlay.opaque=y} xattr for {@code .wh..wh..opq} (the target is one overlay lower directory).
   */
  OVERLAY,
  /** Write them as the empty files they are (a plain unpack, e.g. for inspection). */
  KEEP
}
