package dev.stowage.scan.layer;

import dev.stowage.scan.ScanException;

/** Paths of layer entries as the image sees them: relative, slash-separated, without {@code .} components. */
public final class EntryPaths {
  private EntryPaths() {}

  /**
   * {@code path} cleaned ({@code ./app//x} is {@code app/x}, {@code /etc/x} is {@code etc/x}); empty for the root.
   *
   * @throws ScanException when a {@code ..} component would leave the root: no tool writes such layers, and
   *     extracting one overwrites files outside the image
   */
  public static String normalize(String path, String layerLabel) {
    StringBuilder out = new StringBuilder(path.length());
    for (String part : path.split("/")) {
      if (part.isEmpty() || part.equals(".")) {
        continue;
      }
      if (part.equals("..")) {
        throw new ScanException(layerLabel + " holds the entry '" + printable(path) + "', which climbs out of the"
            + " image root: the image is malformed or hostile, and no runtime would extract it safely");
      }
      if (!out.isEmpty()) {
        out.append('/');
      }
      out.append(part);
    }
    return out.toString();
  }

  /** The parent directory of a normalized path, empty at the top. */
  public static String parent(String path) {
    int slash = path.lastIndexOf('/');
    return slash < 0 ? "" : path.substring(0, slash);
  }

  /** The last component of a normalized path. */
  public static String name(String path) {
    return path.substring(path.lastIndexOf('/') + 1);
  }

  /** {@code parent/name}, or {@code name} at the top. */
  public static String join(String parent, String name) {
    return parent.isEmpty() ? name : parent + "/" + name;
  }

  private static String printable(String s) {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < s.length() && i < 200; i++) {
      char c = s.charAt(i);
      b.append(c < 0x20 || c == 0x7f ? '?' : c);
    }
    return b.toString();
  }
}
