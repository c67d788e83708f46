package dev.stowage.runtime.overlay;

import dev.stowage.oci.archive.DirectoryLayerSource;
import dev.stowage.oci.archive.LayerWriter;
import dev.stowage.oci.archive.XattrAccess;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

/**
 * The layer of a step: its overlay upper directory, walked in sorted order by the oci module's
 * {@link DirectoryLayerSource}, with overlay whiteouts (0/0 character devices) written as {@code .wh.} entries,
 * {@code trusted.overlay.opaque} directories followed by {@code .wh..wh..opq}, overlay's own xattrs dropped and
 * the excluded paths (the step's mount stubs) left out with everything under them. Directories that were only
 * copied up keep their entries, as BuildKit keeps parent directories in diffs.
 */
public final class UpperDiff {
  private UpperDiff() {}

  /**
   * Adds the entries of {@code upper} to {@code layer}.
   *
   * @param excluded absolute container paths to leave out, with their subtrees
   */
  public static void write(Path upper, LayerWriter layer, Set<String> excluded, XattrAccess xattrs) {
    DirectoryLayerSource.Options options = DirectoryLayerSource.Options.defaults()
        .withXattrs(xattrs)
        .withOverlayWhiteouts(true)
        .withExclude(layerPaths(excluded));
    layer.addAll(DirectoryLayerSource.entries(upper, options));
  }

  /** {@code /run/secrets/} becomes {@code run/secrets}, as paths are written in a layer. */
  static List<String> layerPaths(Set<String> excluded) {
    return excluded.stream()
        .map(p -> p.replaceAll("^/+", "").replaceAll("/+$", "").replaceAll("/{2,}", "/"))
        .filter(p -> !p.isEmpty())
        .sorted()
        .toList();
  }
}
