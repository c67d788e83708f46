package dev.stowage.runtime.overlay;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * Resolves a container path inside a root file system the way the container would see it: symbolic links are
 * followed, but an absolute target or {@code ..} never leaves the root (containerd's {@code fs.RootPath}). Used
 * to find where a mount target really lands, so a host path is never touched through a hostile link.
 */
public final class RootPath {
  private static final int MAX_LINKS = 255;

  private RootPath() {}

  /** The container path with every link resolved, e.g. {@code /var/run/x} to {@code /run/x}; always absolute. */
  public static String resolve(Path root, String containerPath) throws IOException {
    Deque<String> pending = new ArrayDeque<>(split(containerPath));
    List<String> resolved = new ArrayList<>();
    int links = 0;
    while (!pending.isEmpty()) {
      String part = pending.removeFirst();
      if (part.isEmpty() || part.equals(".")) {
        continue;
      }
      if (part.equals("..")) {
        if (!resolved.isEmpty()) {
          resolved.remove(resolved.size() - 1);
        }
        continue;
      }
      Path candidate = hostPath(root, resolved).resolve(part);
      if (Files.isSymbolicLink(candidate)) {
        if (++links > MAX_LINKS) {
          throw new IOException("too many levels of symbolic links resolving " + containerPath + " in " + root);
        }
        String target = Files.readSymbolicLink(candidate).toString();
        if (target.startsWith("/")) {
          resolved.clear();
        }
        List<String> targetParts = split(target);
        for (int i = targetParts.size() - 1; i >= 0; i--) {
          pending.addFirst(targetParts.get(i));
        }
      } else {
        resolved.add(part);
      }
    }
    return "/" + String.join("/", resolved);
  }

  /** The host path of a container path, links resolved inside {@code root}. */
  public static Path hostPath(Path root, String containerPath) throws IOException {
    return hostPath(root, split(resolve(root, containerPath)));
  }

  /** Whether something (a file, directory or dangling link) exists at the resolved container path. */
  public static boolean exists(Path root, String containerPath) throws IOException {
    return Files.exists(hostPath(root, containerPath), LinkOption.NOFOLLOW_LINKS);
  }

  private static Path hostPath(Path root, List<String> parts) {
    Path path = root;
    for (String part : parts) {
      path = path.resolve(part);
    }
    return path;
  }

  private static List<String> split(String path) {
    List<String> parts = new ArrayList<>();
    for (String part : path.split("/")) {
      if (!part.isEmpty()) {
        parts.add(part);
      }
    }
    return parts;
  }
}
