package dev.stowage.oci.archive;

/**
 * OCI whiteouts (the AUFS convention the image spec adopted): {@code dir/.wh.name} deletes {@code dir/name} of the
 * layers below, and {@code dir/.wh..wh..opq} hides everything below in {@code dir}. Overlayfs expresses the same
 * with a 0/0 character device and the {@code trusted.overlay.opaque=y} xattr; {@link LayerExtractor} converts to
 * that form and {@link DirectoryLayerSource} converts back.
 */
public final class Whiteouts {
  public static final String PREFIX = ".wh.";
  public static final String OPAQUE = ".wh..wh..opq";
  public static final String OVERLAY_OPAQUE_XATTR = "trusted.overlay.opaque";

  private Whiteouts() {}

  public static boolean isWhiteout(String baseName) {
    return baseName.startsWith(PREFIX);
  }

  public static boolean isOpaque(String baseName) {
    return baseName.equals(OPAQUE);
  }

  /** The whiteout entry path that deletes {@code path}. */
  public static String whiteoutPath(String path) {
    String clean = trim(path);
    int slash = clean.lastIndexOf('/');
    return slash < 0 ? PREFIX + clean : clean.substring(0, slash + 1) + PREFIX + clean.substring(slash + 1);
  }

  /** The opaque marker entry path of {@code directory}. */
  public static String opaquePath(String directory) {
    String clean = trim(directory);
    return clean.isEmpty() ? OPAQUE : clean + "/" + OPAQUE;
  }

  private static String trim(String path) {
    String p = path;
    while (p.startsWith("/")) {
      p = p.substring(1);
    }
    while (p.endsWith("/")) {
      p = p.substring(0, p.length() - 1);
    }
    return p;
  }
}
