package dev.stowage.oci.archive;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;

/**
 * How {@link LayerExtractor} applies a layer: the whiteout mode, whether ownership is applied and device nodes
 * created (both only make sense as root, and default to whether we are root), how xattrs are written, the limits,
 * an observer that sees each entry as it is applied, and whether a parent that is a symlink is refused (the default,
 * right for image layers, which never write through symlinks) or resolved as if the target were the root file system
 * ({@code followSymlinksInRoot}: docker's chrooted untar, right for {@code ADD archive.tar /}: {@code lib -> /usr/lib}
 * then {@code lib/x} writes {@code usr/lib/x}, and nothing can resolve above the target).
 */
public record ExtractOptions(
    WhiteoutMode whiteouts,
    boolean preserveOwnership,
    boolean createDevices,
    XattrAccess xattrs,
    ExtractionLimits limits,
    ContentObserver observer,
    boolean followSymlinksInRoot) {

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
        ContentObserver.NONE, false);
  }

  public ExtractOptions withWhiteouts(WhiteoutMode value) {
    return new ExtractOptions(value, preserveOwnership, createDevices, xattrs, limits, observer, followSymlinksInRoot);
  }

  public ExtractOptions withOwnership(boolean value) {
    return new ExtractOptions(whiteouts, value, createDevices, xattrs, limits, observer, followSymlinksInRoot);
  }

  public ExtractOptions withDevices(boolean value) {
    return new ExtractOptions(whiteouts, preserveOwnership, value, xattrs, limits, observer, followSymlinksInRoot);
  }

  public ExtractOptions withXattrs(XattrAccess value) {
    return new ExtractOptions(whiteouts, preserveOwnership, createDevices, value, limits, observer, followSymlinksInRoot);
  }

  public ExtractOptions withLimits(ExtractionLimits value) {
    return new ExtractOptions(whiteouts, preserveOwnership, createDevices, xattrs, value, observer, followSymlinksInRoot);
  }

  public ExtractOptions withObserver(ContentObserver value) {
    return new ExtractOptions(whiteouts, preserveOwnership, createDevices, xattrs, limits, value, followSymlinksInRoot);
  }

  public ExtractOptions withFollowSymlinksInRoot(boolean value) {
    return new ExtractOptions(whiteouts, preserveOwnership, createDevices, xattrs, limits, observer, value);
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
