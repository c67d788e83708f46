package dev.stowage.dockerfile.lint.shell;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.regex.Pattern;

/** Absolute path helpers for the flow analysis: cleaning, and whether a removal (possibly a glob) covers a path. */
public final class PathPatterns {
  private PathPatterns() {}

  /** Cleans an absolute path ({@code //}, {@code .}, {@code ..}); keeps a trailing slash off. */
  public static String clean(String path) {
    boolean rooted = path.startsWith("/");
    Deque<String> out = new ArrayDeque<>();
    for (String e : path.split("/")) {
      if (e.isEmpty() || e.equals(".")) {
        continue;
      }
      if (e.equals("..")) {
        if (!out.isEmpty()) {
          out.removeLast();
        }
        continue;
      }
      out.addLast(e);
    }
    String joined = String.join("/", out);
    return rooted ? "/" + joined : (joined.isEmpty() ? "." : joined);
  }

  /**
   * True when removing {@code removed} (a path or a shell glob such as {@code /app/*.npmrc}) removes {@code path}:
   * the same path, or one of its parent directories.
   */
  public static boolean covers(String removed, String path) {
    if (removed.indexOf('*') >= 0 || removed.indexOf('?') >= 0 || removed.indexOf('[') >= 0) {
      Pattern glob = Pattern.compile(globToRegex(removed));
      String p = path;
      while (!p.isEmpty() && !p.equals("/")) {
        if (glob.matcher(p).matches()) {
          return true;
        }
        int slash = p.lastIndexOf('/');
        p = slash <= 0 ? "" : p.substring(0, slash);
      }
      return false;
    }
    return path.equals(removed) || path.startsWith(removed.endsWith("/") ? removed : removed + "/");
  }

  static String globToRegex(String glob) {
    StringBuilder re = new StringBuilder();
    for (int i = 0; i < glob.length(); i++) {
      char c = glob.charAt(i);
      switch (c) {
        case '*' -> re.append("[^/]*");
        case '?' -> re.append("[^/]");
        case '[' -> {
          int close = glob.indexOf(']', i + 1);
          if (close < 0) {
            re.append("\\[");
          } else {
            String body = glob.substring(i + 1, close).replace("\\", "\\\\");
            re.append('[').append(body.startsWith("!") ? "^" + body.substring(1) : body).append(']');
            i = close;
          }
        }
        default -> re.append(Pattern.quote(String.valueOf(c)));
      }
    }
    return re.toString();
  }
}
