package dev.stowage.dockerfile.ignore;

import java.util.ArrayDeque;
import java.util.Deque;

/** Slash-separated path helpers with Go's {@code path.Clean} and {@code path.Dir} semantics. */
public final class SlashPaths {
  private SlashPaths() {}

  /**
   * Go's {@code Clean}: one slash between elements, no {@code .} elements, each {@code name/..} removed,
   * {@code ..} at the start of a rooted path dropped, and {@code "."} for an empty result.
   */
  public static String clean(String path) {
    if (path.isEmpty()) {
      return ".";
    }
    boolean rooted = path.startsWith("/");
    Deque<String> out = new ArrayDeque<>();
    int leadingDotDots = 0;
    for (String element : path.split("/")) {
      if (element.isEmpty() || element.equals(".")) {
        continue;
      }
      if (element.equals("..")) {
        if (!out.isEmpty()) {
          out.removeLast();
        } else if (!rooted) {
          leadingDotDots++;
        }
        continue;
      }
      out.addLast(element);
    }
    StringBuilder sb = new StringBuilder();
    if (rooted) {
      sb.append('/');
    }
    for (int i = 0; i < leadingDotDots; i++) {
      sb.append(sb.isEmpty() || sb.charAt(sb.length() - 1) == '/' ? "" : "/").append("..");
    }
    for (String element : out) {
      if (!sb.isEmpty() && sb.charAt(sb.length() - 1) != '/') {
        sb.append('/');
      }
      sb.append(element);
    }
    return sb.isEmpty() ? "." : sb.toString();
  }

  /** Go's {@code Dir}: everything but the last element, cleaned ({@code "."} when there is no slash). */
  public static String dir(String path) {
    int slash = path.lastIndexOf('/');
    return clean(slash < 0 ? "" : path.substring(0, slash + 1));
  }

  /** The last element of a cleaned path ({@code "/"} for the root). */
  public static String base(String path) {
    String p = clean(path);
    if (p.equals("/")) {
      return "/";
    }
    return p.substring(p.lastIndexOf('/') + 1);
  }

  /** {@code child} resolved against {@code dir} unless it is absolute, then cleaned. */
  public static String resolve(String dir, String child) {
    return clean(child.startsWith("/") ? child : dir + "/" + child);
  }

  /** True when {@code path} is {@code ancestor} or lies under it (both cleaned, absolute or both relative). */
  public static boolean isWithin(String path, String ancestor) {
    if (ancestor.equals("/") || ancestor.equals(".")) {
      return true;
    }
    return path.equals(ancestor) || path.startsWith(ancestor + "/");
  }
}
