package dev.stowage.runtime.overlay;

import java.io.IOException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The mount-point stubs a step creates: before the run, every mount target (and each missing parent) that does
 * not exist in the root file system is recorded; the runtime creates them to mount over. After the run the ones
 * still empty (an empty directory or a file of size 0) are removed again, deepest first, and the directory they
 * were created in gets its modification time back, as BuildKit's {@code executor/stubs.go} does. Their paths are
 * also excluded from the layer diff, as buildah does at commit: a stub must never land in an image.
 */
public final class MountStubs {
  private static final LinkOption[] NOFOLLOW = {LinkOption.NOFOLLOW_LINKS};

  /** A directory that existed before the run and that stubs were created in. */
  private record Parent(FileTime mtime, Set<String> names) {}

  private final Path root;
  private final List<String> missing;
  private final Map<String, Parent> parents;

  private MountStubs(Path root, List<String> missing, Map<String, Parent> parents) {
    this.root = root;
    this.missing = List.copyOf(missing);
    this.parents = Map.copyOf(parents);
  }

  /**
   * Records which of {@code destinations} (absolute container paths) and their parents are missing under
   * {@code root}, following links inside the root as the runtime will.
   */
  public static MountStubs record(Path root, Collection<String> destinations) throws IOException {
    Set<String> missing = new LinkedHashSet<>();
    Map<String, Parent> parents = new LinkedHashMap<>();
    for (String destination : destinations) {
      String path = RootPath.resolve(root, destination);
      boolean any = false;
      while (!path.equals("/") && !Files.exists(host(root, path), NOFOLLOW)) {
        missing.add(path);
        any = true;
        path = parent(path);
      }
      if (any && !parents.containsKey(path)) {
        Path dir = host(root, path);
        parents.put(path, new Parent(Files.getLastModifiedTime(dir, NOFOLLOW), names(dir)));
      }
    }
    return new MountStubs(root, new ArrayList<>(missing), parents);
  }

  /** The container paths that were missing before the run, in the order found. */
  public List<String> missing() {
    return missing;
  }

  /**
   * Removes the stubs that are still empty, deepest first, and restores the modification time of the
   * directories they were made in when nothing else changed there.
   *
   * @return the container paths removed
   */
  public Set<String> removeEmpty() throws IOException {
    List<String> deepestFirst = new ArrayList<>(missing);
    deepestFirst.sort(MountStubs::deeperFirst);
    Set<String> removed = new LinkedHashSet<>();
    for (String path : deepestFirst) {
      // The step may have replaced a parent with a link; then the path leads elsewhere and is left alone.
      if (!RootPath.resolve(root, path).equals(path)) {
        continue;
      }
      Path file = host(root, path);
      BasicFileAttributes attributes;
      try {
        attributes = Files.readAttributes(file, BasicFileAttributes.class, NOFOLLOW);
      } catch (NoSuchFileException e) {
        continue; // runc never needed it, or the step removed it
      }
      boolean empty = attributes.isDirectory() || (attributes.isRegularFile() && attributes.size() == 0);
      if (!empty) {
        continue;
      }
      try {
        Files.delete(file);
        removed.add(path);
      } catch (DirectoryNotEmptyException e) {
        // the step put something there: it is content now, not a stub
      }
    }
    for (Map.Entry<String, Parent> entry : parents.entrySet()) {
      Path dir = host(root, entry.getKey());
      if (RootPath.resolve(root, entry.getKey()).equals(entry.getKey()) && Files.isDirectory(dir, NOFOLLOW)
          && names(dir).equals(entry.getValue().names())) {
        Files.setLastModifiedTime(dir, entry.getValue().mtime());
      }
    }
    return removed;
  }

  private static Set<String> names(Path dir) throws IOException {
    Set<String> names = new HashSet<>();
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
      for (Path entry : entries) {
        names.add(entry.getFileName().toString());
      }
    }
    return names;
  }

  private static Path host(Path root, String containerPath) {
    return containerPath.equals("/") ? root : root.resolve(containerPath.substring(1));
  }

  private static String parent(String path) {
    int slash = path.lastIndexOf('/');
    return slash <= 0 ? "/" : path.substring(0, slash);
  }

  /** Deepest first, then in reverse name order (a plain method: comparator combinators cost a cold JVM ms). */
  private static int deeperFirst(String a, String b) {
    int byDepth = Integer.compare(depth(b), depth(a));
    return byDepth != 0 ? byDepth : b.compareTo(a);
  }

  private static int depth(String path) {
    int depth = 0;
    for (int i = 0; i < path.length(); i++) {
      if (path.charAt(i) == '/') {
        depth++;
      }
    }
    return depth;
  }
}
