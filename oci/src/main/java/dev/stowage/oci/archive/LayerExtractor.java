package dev.stowage.oci.archive;

import dev.stowage.oci.OciException;
import dev.stowage.oci.fs.FileTrees;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Applies a layer (plain, gzip or zstd tar, detected by magic) onto a directory, safely.
 *
 * <p>Every entry's path is taken relative to the target (a leading {@code /} is stripped, as docker does) and its
 * parent directories are walked one component at a time without following symlinks: a {@code ..} component, a
 * parent that is a symlink ({@code a -> /etc} then {@code a/passwd}) or a parent that is not a directory refuses
 * the entry with {@link UnsafeLayerException}. Files are created with {@code O_CREAT|O_EXCL}, so a symlink planted
 * at the final name is replaced, never written through. Symlink targets themselves may point anywhere: they are
 * stored, never followed. Hard links must name an existing non-directory inside the target. Sizes, entry counts
 * and the expansion ratio are capped by {@link ExtractionLimits}.
 *
 * <p>The threat model is a hostile layer, not a concurrent process racing us inside the target directory.
 */
public final class LayerExtractor {
  private static final int BUFFER = 128 * 1024;
  private static final LinkOption[] NOFOLLOW = {LinkOption.NOFOLLOW_LINKS};

  private final Path root;
  private final ExtractOptions options;
  private final String source;
  private final Set<String> written = new HashSet<>();
  private final Deque<DirTime> directoryTimes = new ArrayDeque<>();
  private final List<String> skipped = new ArrayList<>();
  private final byte[] buffer = new byte[BUFFER];
  private long whiteouts;

  private record DirTime(Path path, FileTime mtime) {}

  private LayerExtractor(Path root, ExtractOptions options, String source) {
    this.root = root;
    this.options = options;
    this.source = source;
  }

  /**
   * Applies {@code layer} onto {@code target}, which must be an existing directory. The stream is read to its end
   * (so a verifying stream gets to check its digest) but not closed.
   *
   * @param source how to name the layer in messages, e.g. "layer sha256:..."
   */
  public static ExtractionResult extract(InputStream layer, Path target, ExtractOptions options, String source) {
    Path root;
    try {
      root = target.toRealPath();
    } catch (IOException e) {
      throw new UncheckedIOException("extracting " + source + ": the target " + target + " does not exist", e);
    }
    if (!Files.isDirectory(root)) {
      throw new OciException("extracting " + source + ": the target " + target + " is not a directory");
    }
    return new LayerExtractor(root, options, source).run(layer);
  }

  public static ExtractionResult extract(InputStream layer, Path target, ExtractOptions options) {
    return extract(layer, target, options, "the layer");
  }

  private ExtractionResult run(InputStream layer) {
    CountingStream compressed = new CountingStream(layer);
    GuardedStream uncompressed = new GuardedStream(Compression.detectAndDecompress(compressed), compressed);
    TarReader reader = new TarReader(uncompressed, source);
    long entries = 0;
    TarHeader header;
    while ((header = reader.next()) != null) {
      entries++;
      if (entries > options.limits().maxEntries()) {
        throw refuse(header.path(), "the layer has more than " + options.limits().maxEntries() + " entries");
      }
      if (header.size() > options.limits().maxEntrySize()) {
        throw refuse(header.path(), "it declares " + header.size() + " bytes, more than the limit of "
            + options.limits().maxEntrySize() + " per entry");
      }
      options.observer().startEntry(header);
      apply(header, reader);
      options.observer().endEntry(header);
    }
    drain(uncompressed);
    drain(compressed); // a decompressor may stop before the end of its input; a verifying stream needs the end
    options.observer().endLayer();
    while (!directoryTimes.isEmpty()) {
      DirTime d = directoryTimes.pop();
      setTimes(d.path(), d.mtime());
    }
    return new ExtractionResult(entries, uncompressed.count, whiteouts, skipped);
  }

  private void apply(TarHeader header, TarReader reader) {
    if (header.path().indexOf('\0') >= 0 || header.linkTarget().indexOf('\0') >= 0) {
      throw refuse(header.path().replace('\0', '?'), "its name or link target contains a NUL byte");
    }
    List<String> parts = LayerPaths.components(header.path());
    if (parts == null) {
      throw refuse(header.path(), "its path contains '..'");
    }
    if (parts.isEmpty()) {
      if (header.type() != EntryType.DIRECTORY) {
        throw refuse(header.path(), "it would replace the target directory itself with a "
            + header.type().name().toLowerCase());
      }
      applyMetadata(root, header);
      directoryTimes.push(new DirTime(root, FileTime.from(header.mtime())));
      return;
    }
    String base = parts.get(parts.size() - 1);
    List<String> parentParts = parts.subList(0, parts.size() - 1);

    if (Whiteouts.isWhiteout(base) && options.whiteouts() != WhiteoutMode.KEEP) {
      applyWhiteout(header, parentParts, base);
      return;
    }
    Path parent = resolveDirectory(header.path(), parentParts, true);
    Path path = parent.resolve(base);
    BasicFileAttributes existing = lstat(path);
    switch (header.type()) {
      case DIRECTORY -> {
        if (existing == null || !existing.isDirectory()) {
          if (existing != null) {
            delete(path);
          }
          io(() -> Files.createDirectory(path), "creating directory", header);
        }
        applyMetadata(path, header);
        directoryTimes.push(new DirTime(path, FileTime.from(header.mtime())));
      }
      case FILE -> {
        if (existing != null) {
          delete(path);
        }
        writeFile(path, header, reader.content());
        applyMetadata(path, header);
        setTimes(path, FileTime.from(header.mtime()));
      }
      case SYMLINK -> {
        if (existing != null) {
          delete(path);
        }
        io(() -> Files.createSymbolicLink(path, toPath(header, header.linkTarget())), "creating symlink", header);
        applyMetadata(path, header);
        setTimes(path, FileTime.from(header.mtime()));
      }
      case HARDLINK -> {
        Path target = resolveHardlinkTarget(header);
        if (target.equals(path)) {
          throw refuse(header.path(), "it is a hard link to itself");
        }
        if (existing != null) {
          delete(path);
        }
        io(() -> Files.createLink(path, target), "creating hard link", header);
      }
      case CHAR_DEVICE, BLOCK_DEVICE -> {
        if (!options.createDevices()) {
          skipped.add(header.path() + ": device node not created (needs root)");
          return;
        }
        if (existing != null) {
          delete(path);
        }
        SpecialFiles.mknod(path, header.type(), header.mode(), header.devMajor(), header.devMinor());
        applyMetadata(path, header);
        SpecialFiles.setTimes(path, header.mtime()); // the JDK's setTimes would open the device
      }
      case FIFO -> {
        if (existing != null) {
          delete(path);
        }
        SpecialFiles.mknod(path, EntryType.FIFO, header.mode(), 0, 0);
        applyMetadata(path, header);
        SpecialFiles.setTimes(path, header.mtime()); // the JDK's setTimes would block opening the FIFO
      }
    }
    written.add(root.relativize(path).toString());
  }

  private void applyWhiteout(TarHeader header, List<String> parentParts, String base) {
    whiteouts++;
    if (Whiteouts.isOpaque(base)) {
      if (options.whiteouts() == WhiteoutMode.OVERLAY) {
        Path dir = resolveDirectory(header.path(), parentParts, true);
        options.xattrs().set(dir, Xattr.of(Whiteouts.OVERLAY_OPAQUE_XATTR, "y"));
        written.add(String.join("/", parentParts));
      } else {
        Path dir = resolveDirectory(header.path(), parentParts, false);
        if (dir != null) {
          clearOpaque(dir, String.join("/", parentParts));
        }
      }
      return;
    }
    String name = base.substring(Whiteouts.PREFIX.length());
    if (name.isEmpty() || name.equals(".") || name.equals("..")) {
      throw refuse(header.path(), "it is a whiteout of '" + name + "', which names no file");
    }
    if (options.whiteouts() == WhiteoutMode.OVERLAY) {
      Path dir = resolveDirectory(header.path(), parentParts, true);
      Path path = dir.resolve(name);
      BasicFileAttributes existing = lstat(path);
      if (existing != null) {
        delete(path);
      }
      SpecialFiles.mknod(path, EntryType.CHAR_DEVICE, 0, 0, 0);
      written.add(join(parentParts, name));
    } else {
      Path dir = resolveDirectory(header.path(), parentParts, false);
      if (dir == null) {
        return;
      }
      Path path = dir.resolve(name);
      BasicFileAttributes existing = lstat(path);
      if (existing != null) {
        delete(path);
      }
    }
  }

  /** Removes everything in {@code dir} that this layer did not write (docker's opaque-whiteout semantics). */
  private void clearOpaque(Path dir, String relative) {
    try (DirectoryStream<Path> children = Files.newDirectoryStream(dir)) {
      for (Path child : children) {
        String childRelative = relative.isEmpty()
            ? child.getFileName().toString()
            : relative + "/" + child.getFileName();
        BasicFileAttributes attrs = lstat(child);
        if (attrs == null) {
          continue;
        }
        if (!written.contains(childRelative)) {
          delete(child);
        } else if (attrs.isDirectory()) {
          clearOpaque(child, childRelative);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("applying the opaque whiteout of " + dir + ": " + e.getMessage(), e);
    }
  }

  /**
   * Walks {@code parts} below the root without letting the OS follow symlinks. Missing directories are created
   * (0755) when {@code create}, else the result is null. A symlinked parent is refused, or with
   * {@link ExtractOptions#followSymlinksInRoot()} resolved inside the root: an absolute target restarts at the root
   * and {@code ..} stops at it.
   */
  private Path resolveDirectory(String entry, List<String> parts, boolean create) {
    Deque<String> pending = new ArrayDeque<>(parts);
    List<String> resolved = new ArrayList<>();
    int symlinks = 0;
    while (!pending.isEmpty()) {
      String part = pending.pollFirst();
      if (part.isEmpty() || part.equals(".")) {
        continue;
      }
      if (part.equals("..")) {
        if (!resolved.isEmpty()) {
          resolved.remove(resolved.size() - 1); // only symlink targets reach here; the root is the floor
        }
        continue;
      }
      String relative = resolved.isEmpty() ? part : String.join("/", resolved) + "/" + part;
      Path next = root.resolve(relative);
      BasicFileAttributes attrs = lstat(next);
      if (attrs == null) {
        if (!create) {
          return null;
        }
        io(() -> Files.createDirectory(next), "creating parent directory " + relative, null);
        written.add(relative);
        resolved.add(part);
      } else if (attrs.isSymbolicLink()) {
        if (!options.followSymlinksInRoot()) {
          throw refuse(entry, "its parent '" + relative + "' is a symlink" + linkTargetOf(next)
              + "; writing through it could escape the target directory");
        }
        if (++symlinks > 40) {
          throw refuse(entry, "resolving its parents met more than 40 symlinks (a loop?)");
        }
        String target = readLink(next, entry);
        if (target.startsWith("/")) {
          resolved.clear();
        }
        String[] targetParts = target.split("/");
        for (int i = targetParts.length - 1; i >= 0; i--) {
          pending.addFirst(targetParts[i]);
        }
      } else if (!attrs.isDirectory()) {
        throw refuse(entry, "its parent '" + relative + "' is not a directory (a file where a directory is expected)");
      } else {
        resolved.add(part);
      }
    }
    return resolved.isEmpty() ? root : root.resolve(String.join("/", resolved));
  }

  private String readLink(Path link, String entry) {
    try {
      return Files.readSymbolicLink(link).toString();
    } catch (IOException e) {
      throw new UncheckedIOException("reading symlink " + link + " for " + entry + ": " + e.getMessage(), e);
    }
  }

  private Path resolveHardlinkTarget(TarHeader header) {
    List<String> parts = LayerPaths.components(header.linkTarget());
    if (parts == null) {
      throw refuse(header.path(), "it is a hard link to '" + header.linkTarget() + "', outside the target");
    }
    if (parts.isEmpty()) {
      throw refuse(header.path(), "it is a hard link to the target directory itself");
    }
    Path dir = resolveDirectory(header.path(), parts.subList(0, parts.size() - 1), false);
    Path target = dir == null ? null : dir.resolve(parts.get(parts.size() - 1));
    BasicFileAttributes attrs = target == null ? null : lstat(target);
    if (attrs == null) {
      throw refuse(header.path(), "it is a hard link to '" + header.linkTarget() + "', which does not exist");
    }
    if (attrs.isDirectory()) {
      throw refuse(header.path(), "it is a hard link to the directory '" + header.linkTarget() + "'");
    }
    return target;
  }

  private void writeFile(Path path, TarHeader header, InputStream content) {
    long expected = header.size();
    long copied = 0;
    try (OutputStream out = Files.newOutputStream(path, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
      while (copied < expected) {
        int n = content.read(buffer, 0, (int) Math.min(buffer.length, expected - copied));
        if (n < 0) {
          throw new TarFormatException(source + " is truncated inside " + header.path());
        }
        options.observer().content(buffer, 0, n);
        out.write(buffer, 0, n);
        copied += n;
      }
    } catch (IOException e) {
      throw new UncheckedIOException("writing " + header.path() + " from " + source + ": " + e.getMessage(), e);
    }
  }

  private void applyMetadata(Path path, TarHeader header) {
    boolean symlink = header.type() == EntryType.SYMLINK;
    if (options.preserveOwnership()) {
      if (header.uid() > 0xfffffffeL || header.gid() > 0xfffffffeL) {
        throw refuse(header.path(), "its owner " + header.uid() + ":" + header.gid() + " is out of range");
      }
      // chown before chmod: chown clears setuid and setgid bits. The JDK does these by path (lchown), so they are
      // safe on FIFOs and device nodes too.
      io(() -> Files.setAttribute(path, "unix:uid", (int) header.uid(), NOFOLLOW), "setting the owner of", header);
      io(() -> Files.setAttribute(path, "unix:gid", (int) header.gid(), NOFOLLOW), "setting the group of", header);
    }
    if (!symlink) {
      // Path-based chmod(2), which follows a final symlink: path is not one (we just made it, or lstat said it is a
      // directory). The JDK's no-follow variant opens the file to fchmod it, which hangs on a FIFO.
      io(() -> Files.setAttribute(path, "unix:mode", header.mode()), "setting the mode of", header);
    }
    for (Xattr xattr : header.xattrs()) {
      if (symlink || !options.xattrs().canWrite(xattr.name())) {
        skipped.add(header.path() + ": extended attribute " + xattr.name() + " not set");
        continue;
      }
      try {
        options.xattrs().set(path, xattr);
      } catch (UncheckedIOException | UnsupportedOperationException | OciException e) {
        skipped.add(header.path() + ": extended attribute " + xattr.name() + " not set (" + e.getMessage() + ")");
      }
    }
  }

  /** Not for FIFOs or device nodes ({@link SpecialFiles#setTimes}): the JDK opens every non-symlink to set times. */
  private void setTimes(Path path, FileTime mtime) {
    io(() -> Files.getFileAttributeView(path, BasicFileAttributeView.class, NOFOLLOW).setTimes(mtime, mtime, null),
        "setting the times of " + path, null);
  }

  private void delete(Path path) {
    try {
      FileTrees.removeAll(path);
    } catch (IOException e) {
      throw new UncheckedIOException("removing " + path + " while applying " + source + ": " + e.getMessage(), e);
    }
  }

  private static BasicFileAttributes lstat(Path path) {
    try {
      return Files.readAttributes(path, BasicFileAttributes.class, NOFOLLOW);
    } catch (NoSuchFileException e) {
      return null;
    } catch (IOException e) {
      throw new UncheckedIOException("reading " + path + ": " + e.getMessage(), e);
    }
  }

  private static String linkTargetOf(Path link) {
    try {
      return " (-> " + Files.readSymbolicLink(link) + ")";
    } catch (IOException e) {
      return "";
    }
  }

  private Path toPath(TarHeader header, String text) {
    try {
      return Path.of(text);
    } catch (InvalidPathException e) {
      throw refuse(header.path(), "its link target is not a valid path");
    }
  }

  private static String join(List<String> parent, String name) {
    return parent.isEmpty() ? name : String.join("/", parent) + "/" + name;
  }

  private UnsafeLayerException refuse(String entry, String reason) {
    return new UnsafeLayerException("refusing entry '" + entry + "' of " + source + ": " + reason);
  }

  private void drain(InputStream in) {
    try {
      while (in.read(buffer) >= 0) {
        // Trailing zero blocks and the compression trailer: reading them lets verifying streams finish.
      }
    } catch (IOException e) {
      throw new UncheckedIOException("reading the end of " + source + ": " + e.getMessage(), e);
    }
  }

  private void io(IoAction action, String what, TarHeader header) {
    try {
      action.run();
    } catch (IOException e) {
      String subject = header == null ? "" : " " + header.path();
      throw new UncheckedIOException(what + subject + " from " + source + ": " + e.getMessage(), e);
    }
  }

  @FunctionalInterface
  private interface IoAction {
    void run() throws IOException;
  }

  /** Counts the compressed bytes consumed. */
  private static final class CountingStream extends FilterInputStream {
    long count;

    CountingStream(InputStream in) {
      super(in);
    }

    @Override
    public int read() throws IOException {
      int b = in.read();
      if (b >= 0) {
        count++;
      }
      return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      int n = in.read(b, off, len);
      if (n > 0) {
        count += n;
      }
      return n;
    }
  }

  /** Counts uncompressed bytes and enforces the total-size and expansion-ratio limits as they are read. */
  private final class GuardedStream extends FilterInputStream {
    private final CountingStream compressed;
    long count;

    GuardedStream(InputStream in, CountingStream compressed) {
      super(in);
      this.compressed = compressed;
    }

    @Override
    public int read() throws IOException {
      byte[] one = new byte[1];
      return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      int n = in.read(b, off, len);
      if (n > 0) {
        count += n;
        ExtractionLimits limits = options.limits();
        if (count > limits.maxTotalSize()) {
          throw new UnsafeLayerException("refusing " + source + ": it expands to more than "
              + limits.maxTotalSize() + " bytes (the limit on a layer's uncompressed size)");
        }
        if (limits.maxExpansionRatio() > 0 && count > limits.ratioGrace()
            && count > limits.maxExpansionRatio() * Math.max(1, compressed.count)) {
          throw new UnsafeLayerException("refusing " + source + ": " + compressed.count + " compressed bytes expand to "
              + count + ", beyond the " + (long) limits.maxExpansionRatio() + ":1 limit (a decompression bomb?)");
        }
      }
      return n;
    }
  }
}
