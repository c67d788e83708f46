package dev.stowage.oci.archive;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Turns a directory tree into layer entries: sorted component by component (as Go's {@code filepath.Walk} visits,
 * so the order is stable), ownership, mode, mtime and device numbers from the {@code unix:*} attributes, xattrs
 * from an {@link XattrAccess}, and files with several links written once and then as hard links (by inode).
 *
 * <p>With {@link Options#overlayWhiteouts()}, the tree is an overlayfs upper directory: 0/0 character devices
 * become {@code .wh.} entries, {@code trusted.overlay.opaque=y} becomes {@code .wh..wh..opq}, and other
 * {@code trusted.overlay.*} xattrs are dropped. Sockets are skipped, as docker skips them.
 */
public final class DirectoryLayerSource {
  private static final LinkOption[] NOFOLLOW = {LinkOption.NOFOLLOW_LINKS};
  private static final int S_IFMT = 0170000;
  private static final int S_IFSOCK = 0140000;
  private static final int S_IFLNK = 0120000;
  private static final int S_IFREG = 0100000;
  private static final int S_IFBLK = 060000;
  private static final int S_IFDIR = 040000;
  private static final int S_IFCHR = 020000;
  private static final int S_IFIFO = 010000;

  /**
   * @param prefix the path inside the layer the tree's root maps to ("" for the layer root, "app" for /app)
   * @param includeRoot whether the tree's root directory itself becomes an entry (only with a non-empty prefix)
   * @param xattrs how xattrs are read
   * @param overlayWhiteouts whether the tree is an overlay upper directory to convert
   * @param exclude layer paths (as written into the layer, without prefix slash) to leave out with their subtrees
   */
  public record Options(
      String prefix, boolean includeRoot, XattrAccess xattrs, boolean overlayWhiteouts, List<String> exclude) {
    public Options {
      Objects.requireNonNull(prefix, "prefix");
      Objects.requireNonNull(xattrs, "xattrs");
      exclude = List.copyOf(exclude);
    }

    /** The tree is the layer root; user.* xattrs; no whiteout conversion; nothing excluded. */
    public static Options defaults() {
      return new Options("", false, XattrAccess.userNamespace(), false, List.of());
    }

    public Options withPrefix(String value, boolean root) {
      return new Options(value, root, xattrs, overlayWhiteouts, exclude);
    }

    public Options withXattrs(XattrAccess value) {
      return new Options(prefix, includeRoot, value, overlayWhiteouts, exclude);
    }

    public Options withOverlayWhiteouts(boolean value) {
      return new Options(prefix, includeRoot, xattrs, value, exclude);
    }

    public Options withExclude(List<String> value) {
      return new Options(prefix, includeRoot, xattrs, overlayWhiteouts, value);
    }
  }

  private final Path root;
  private final Options options;
  private final List<LayerEntry> entries = new ArrayList<>();
  private final Map<String, String> firstPathByInode = new HashMap<>();
  private final List<Path> visited = new ArrayList<>();
  private Map<Path, List<Xattr>> xattrs = Map.of();

  private DirectoryLayerSource(Path root, Options options) {
    this.root = root;
    this.options = options;
  }

  /** The entries of the tree at {@code root}, in layer order. File content is read only when written. */
  public static List<LayerEntry> entries(Path root, Options options) {
    if (!Files.isDirectory(root, NOFOLLOW)) {
      throw new UncheckedIOException(new IOException(root + " is not a directory"));
    }
    DirectoryLayerSource source = new DirectoryLayerSource(root, options);
    source.collectPaths(root);
    source.xattrs = options.xattrs().listTree(root, source.visited);
    String prefix = LayerPaths.components(options.prefix()) == null ? "" : String.join("/",
        LayerPaths.components(options.prefix()));
    if (options.includeRoot() && !prefix.isEmpty()) {
      source.add(root, prefix);
    }
    source.walk(root, prefix);
    return List.copyOf(source.entries);
  }

  private void collectPaths(Path dir) {
    visited.add(dir);
    for (Path child : sortedChildren(dir)) {
      if (Files.isDirectory(child, NOFOLLOW)) {
        collectPaths(child);
      } else {
        visited.add(child);
      }
    }
  }

  private void walk(Path dir, String layerDir) {
    for (Path child : sortedChildren(dir)) {
      String name = child.getFileName().toString();
      String layerPath = layerDir.isEmpty() ? name : layerDir + "/" + name;
      if (options.exclude().contains(layerPath)) {
        continue;
      }
      boolean isDir = add(child, layerPath);
      if (isDir) {
        walk(child, layerPath);
      }
    }
  }

  /** Adds the entry for {@code file}; true if it is a directory to descend into. */
  private boolean add(Path file, String layerPath) {
    Map<String, Object> attrs;
    try {
      attrs = Files.readAttributes(file, "unix:mode,uid,gid,size,lastModifiedTime,ino,dev,nlink,rdev", NOFOLLOW);
    } catch (IOException e) {
      throw new UncheckedIOException("reading the attributes of " + file + ": " + e.getMessage(), e);
    }
    int mode = (Integer) attrs.get("mode");
    long uid = Integer.toUnsignedLong((Integer) attrs.get("uid"));
    long gid = Integer.toUnsignedLong((Integer) attrs.get("gid"));
    FileTime mtime = (FileTime) attrs.get("lastModifiedTime");
    long rdev = (Long) attrs.get("rdev");
    int major = (int) (((rdev >>> 8) & 0xfff) | ((rdev >>> 32) & ~0xfffL));
    int minor = (int) ((rdev & 0xff) | ((rdev >>> 12) & ~0xffL));
    List<Xattr> fileXattrs = new ArrayList<>(xattrs.getOrDefault(file, List.of()));
    boolean opaque = false;
    if (options.overlayWhiteouts()) {
      opaque = fileXattrs.stream().anyMatch(x -> x.name().equals(Whiteouts.OVERLAY_OPAQUE_XATTR)
          && Arrays.equals(x.value(), "y".getBytes(StandardCharsets.US_ASCII)));
      fileXattrs.removeIf(x -> x.name().startsWith("trusted.overlay."));
    }
    int permissions = mode & 07777;
    TarHeader header;
    switch (mode & S_IFMT) {
      case S_IFDIR -> header = TarHeader.directory(layerPath, permissions);
      case S_IFLNK -> {
        String target;
        try {
          target = Files.readSymbolicLink(file).toString();
        } catch (IOException e) {
          throw new UncheckedIOException("reading symlink " + file + ": " + e.getMessage(), e);
        }
        header = TarHeader.symlink(layerPath, target);
        fileXattrs.clear();
      }
      case S_IFREG -> {
        long nlink = ((Number) attrs.get("nlink")).longValue();
        if (nlink > 1) {
          String inode = attrs.get("dev") + ":" + attrs.get("ino");
          String first = firstPathByInode.putIfAbsent(inode, layerPath);
          if (first != null) {
            entries.add(LayerEntry.of(TarHeader.hardlink(layerPath, first).withOwner(uid, gid)
                .withMode(permissions).withMtime(mtime.toInstant())));
            return false;
          }
        }
        header = TarHeader.file(layerPath, permissions, (Long) attrs.get("size"));
      }
      case S_IFCHR -> {
        if (options.overlayWhiteouts() && rdev == 0) {
          entries.add(LayerEntry.whiteout(layerPath).withHeader(
              TarHeader.file(Whiteouts.whiteoutPath(layerPath), 0, 0).withMtime(mtime.toInstant())));
          return false;
        }
        header = TarHeader.device(layerPath, EntryType.CHAR_DEVICE, permissions, major, minor);
      }
      case S_IFBLK -> header = TarHeader.device(layerPath, EntryType.BLOCK_DEVICE, permissions, major, minor);
      case S_IFIFO -> header = TarHeader.of(layerPath, EntryType.FIFO, permissions, 0, "");
      case S_IFSOCK -> {
        return false;
      }
      default -> throw new UncheckedIOException(new IOException(file + " has an unknown file type"));
    }
    header = header.withOwner(uid, gid).withMtime(mtime.toInstant()).withXattrs(fileXattrs);
    if (header.type() == EntryType.FILE) {
      Path content = file;
      entries.add(LayerEntry.of(header, () -> Files.newInputStream(content, NOFOLLOW)));
    } else {
      entries.add(LayerEntry.of(header));
    }
    if (opaque) {
      entries.add(LayerEntry.opaque(layerPath).withHeader(
          TarHeader.file(Whiteouts.opaquePath(layerPath), 0, 0).withMtime(mtime.toInstant())));
    }
    return header.type() == EntryType.DIRECTORY;
  }

  /** Children sorted by the bytes of their UTF-8 names, as Go sorts them. */
  private static List<Path> sortedChildren(Path dir) {
    List<Path> children = new ArrayList<>();
    try (DirectoryStream<Path> stream = Files.newDirectoryStream(dir)) {
      stream.forEach(children::add);
    } catch (IOException e) {
      throw new UncheckedIOException("listing " + dir + ": " + e.getMessage(), e);
    }
    children.sort((a, b) -> Arrays.compareUnsigned(
        a.getFileName().toString().getBytes(StandardCharsets.UTF_8),
        b.getFileName().toString().getBytes(StandardCharsets.UTF_8)));
    return children;
  }
}
