package dev.stowage.oci.archive;

import java.util.ArrayList;
import java.util.List;

/** Path normalisation for layer entries: relative, {@code /}-separated, no {@code .}, {@code ..} or empty parts. */
final class LayerPaths {
  private LayerPaths() {}

  /**
   * The components of a tar path after stripping leading {@code /} and {@code ./} (as docker does); empty for the
   * root itself; null if any component is {@code ..}.
   */
  static List<String> components(String path) {
    List<String> parts = new ArrayList<>();
    for (String part : path.split("/")) {
      if (part.isEmpty() || part.equals(".")) {
        continue;
      }
      if (part.equals("..")) {
        return null;
      }
      parts.add(part);
    }
    return parts;
  }

  /** The canonical form of a path we write; refuses {@code ..} and the empty root. */
  static String forWriting(String path) {
    List<String> parts = components(path);
    if (parts == null) {
      throw new IllegalArgumentException("layer path '" + path + "' contains '..'");
    }
    if (parts.isEmpty()) {
      throw new IllegalArgumentException("layer path '" + path + "' names the layer root, which is not an entry");
    }
    if (path.indexOf('\0') >= 0) {
      throw new IllegalArgumentException("layer path '" + path.replace('\0', '?') + "' contains a NUL byte");
    }
    return String.join("/", parts);
  }
}
