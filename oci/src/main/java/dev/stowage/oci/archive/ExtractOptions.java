package dev.stowage.oci.archive;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;

/**
 * How {@link LayerExtractor} applies a layer: the whiteout mode, whether ownership is applied and device nodes
 * created (both only make sense as root, and default to whether we are root), how xattrs are written, the limits,
 * and an observer that sees each entry as it is applied.
 */
public record ExtractOptions(
    WhiteoutMode whiteouts,
    boolean preserveOwnership,
    boolean createDevices,
    XattrAccess xattrs,
    ExtractionLimits limits,
    ContentObserver observer) {

  public ExtractOptions {
    Objects.requireNonNull(whiteouts, "whiteouts");
    Objects.requireNonNull(xattrs, "xattrs");
    Objects.requireNonNull(limits, "limits");
    Objects.requireNonNull(observer, "observer");
  }

  /** Whiteouts applied, ownership and devices as root only, user.* xattrs, default limits. */
  public static ExtractOptions defaults() {
    boolean root = runningAsRoot();
    return new ExtractOptions(WhiteoutMode.APPLY, root, root, XattrAccess.userNamespace(), ExtractionLimits.DEFAULT,
        ContentObserver.NONE);
  }

  public ExtractOptions withWhiteouts(WhiteoutMode value) {
    return new ExtractOptions(value, preserveOwnership, createDevices, xattrs, limits, observer);
  }

  public ExtractOptions withOwnership(boolean value) {
    return new ExtractOptions(whiteouts, value, createDevices, xattrs, limits, observer);
  }

  public ExtractOptions withDevices(boolean value) {
    return new ExtractOptions(whiteouts, preserveOwnership, value, xattrs, limits, observer);
  }

  public ExtractOptions withXattrs(XattrAccess value) {
    return new ExtractOptions(whiteouts, preserveOwnership, createDevices, value, limits, observer);
  }

  public ExtractOptions withLimits(ExtractionLimits value) {
    return new ExtractOptions(whiteouts, preserveOwnership, createDevices, xattrs, value, observer);
  }

  public ExtractOptions withObserver(ContentObserver value) {
    return new ExtractOptions(whiteouts, preserveOwnership, createDevices, xattrs, limits, value);
  }

  /** Whether this process runs with user id 0 (the owner of {@code /proc/self}). */
  public static boolean runningAsRoot() {
    try {
      return ((Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid")).intValue() == 0;
    } catch (Exception e) {
      return false;
    }
  }
}
