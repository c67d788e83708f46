package dev.stowage.engine.copy;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;

/**
 * Writes one walked source into the destination with fsutil's {@code copy} rules: directories merge into existing
 * ones (an existing one below the top takes the source's mode), anything else replaces what is there (a directory
 * in the way is an error), symlinks are recreated as written, hard links within the source stay hard links, and
 * each entry gets the owner ({@code --chown}, root for the build context, else the source's), the mode
 * ({@code --chmod} or the source's) and the times of its source. The top directory of the copy keeps its own
 * metadata when it already existed.
 *
 * <p>Directories that are not themselves included are created only when something below them is, with their
 * source's metadata. Every target path is a child of a directory this writer created or checked with
 * {@code lstat}, so nothing is written through a symlink.
 */
final class CopyWriter implements EntrySink {
  private static final int BUFFER = 128 * 1024;

  private final CopyContext context;
  private final Path topTarget;
  private final FileHashCache hashes;
  private final Map<InodeKey, Path> links = new HashMap<>();
  private final Deque<Frame> frames = new ArrayDeque<>();

  private record InodeKey(long dev, long ino) {}

  private static final class Frame {
    final Entry entry;
    final Path target;
    boolean copied;
    boolean created;

    Frame(Entry entry, Path target) {
      this.entry = entry;
      this.target = target;
    }
  }

  CopyWriter(CopyContext context, Path topTarget) {
    this(context, topTarget, null);
  }

  /** @param hashes where to remember the content hash of each file copied (build context only), or null */
  CopyWriter(CopyContext context, Path topTarget, FileHashCache hashes) {
    this.context = context;
    this.topTarget = topTarget;
    this.hashes = hashes;
  }

  @Override
  public void enterDirectory(Entry directory, boolean included) {
    Frame frame = new Frame(directory, targetOf(directory));
    if (included) {
      createPendingParents(!directory.isTop());
      frame.created = mkdirOrMerge(frame.target, directory.attrs, !directory.isTop());
      frame.copied = true;
      if (frame.created || !directory.isTop()) {
        context.countEntry();
      }
    }
    frames.push(frame);
  }

  @Override
  public void exitDirectory(Entry directory, boolean included) {
    Frame frame = frames.pop();
    // The top directory of the copy keeps the metadata it had; a new one gets its source's.
    boolean apply = directory.isTop() ? frame.created : included;
    if (apply) {
      applyMetadata(directory.attrs, frame.target, directory.source);
    }
  }

  @Override
  public void leaf(Entry entry) {
    Path target = targetOf(entry);
    createPendingParents(!entry.isTop());
    replaceNonDirectory(target);
    UnixAttrs attrs = entry.attrs;
    try {
      switch (attrs.type()) {
        case FILE -> writeFile(entry, target);
        case SYMLINK -> Files.createSymbolicLink(target, Files.readSymbolicLink(entry.source));
        case CHAR_DEVICE, BLOCK_DEVICE, FIFO -> FileOps.mknod(target, attrs.type(), attrs.mode(), attrs.major(),
            attrs.minor());
        case SOCKET -> {
          context.warn("skipped the socket " + context.showSource(entry.source) + ": sockets cannot be copied");
          return;
        }
        case DIRECTORY -> throw new IllegalStateException("a directory is not a leaf");
      }
    } catch (IOException e) {
      throw new CopyException("copying " + context.showSource(entry.source) + " to " + context.showDest(target)
          + ": " + reason(e), e);
    }
    context.countEntry();
    applyMetadata(attrs, target, entry.source);
  }

  /** Writes an inline file (a here-document) at {@code target}: mode 0644, owned by root unless chowned. */
  void inline(byte[] content, Path target) {
    replaceNonDirectory(target);
    try {
      Files.write(target, content, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE,
          LinkOption.NOFOLLOW_LINKS);
      Owner owner = context.chown().orElse(Owner.ROOT);
      FileOps.lchown(target, owner.uid(), owner.gid());
      FileOps.chmod(target, context.chmod().map(m -> m.apply(0644, false)).orElse(0644));
    } catch (IOException e) {
      throw new CopyException("writing " + context.showDest(target) + ": " + reason(e), e);
    }
    context.countEntry();
    context.countBytes(content.length);
  }

  private Path targetOf(Entry entry) {
    return entry.isTop() ? topTarget : frames.peek().target.resolve(entry.name);
  }

  /** fsutil's {@code createParentDirs}: makes the directories above an included entry that were left pending. */
  private void createPendingParents(boolean overwriteMetadata) {
    for (Iterator<Frame> it = frames.descendingIterator(); it.hasNext(); ) {
      Frame frame = it.next();
      if (frame.copied) {
        continue;
      }
      frame.created = mkdirOrMerge(frame.target, frame.entry.attrs, overwriteMetadata);
      if (frame.created) {
        applyMetadata(frame.entry.attrs, frame.target, frame.entry.source);
        context.countEntry();
      }
      frame.copied = true;
    }
  }

  /** fsutil's {@code copyDirectoryOnly}: true when the directory was created. */
  private boolean mkdirOrMerge(Path target, UnixAttrs source, boolean overwriteMetadata) {
    UnixAttrs existing = UnixAttrs.lstatOrNull(target);
    try {
      if (existing == null) {
        FileOps.mkdir(target, source.mode());
        return true;
      }
      if (!existing.isDirectory()) {
        throw new CopyException("cannot copy to non-directory: " + context.showDest(target));
      }
      if (overwriteMetadata) {
        FileOps.chmod(target, source.mode());
      }
      return false;
    } catch (IOException e) {
      throw new CopyException("creating directory " + context.showDest(target) + ": " + reason(e), e);
    }
  }

  /** fsutil's {@code ensureEmptyFileTarget}: whatever is at the target goes, unless it is a directory. */
  private void replaceNonDirectory(Path target) {
    UnixAttrs existing = UnixAttrs.lstatOrNull(target);
    if (existing == null) {
      return;
    }
    if (existing.isDirectory()) {
      throw new CopyException("cannot replace to directory " + context.showDest(target) + " with file");
    }
    try {
      Files.delete(target);
    } catch (IOException e) {
      throw new CopyException("replacing " + context.showDest(target) + ": " + reason(e), e);
    }
  }

  private void writeFile(Entry entry, Path target) throws IOException {
    UnixAttrs attrs = entry.attrs;
    if (attrs.nlink() > 1) {
      InodeKey key = new InodeKey(attrs.dev(), attrs.ino());
      Path first = links.get(key);
      if (first != null) {
        Files.createLink(target, first);
        return;
      }
      links.put(key, target);
    }
    byte[] known = hashes == null ? null : hashes.lookup(entry.source, attrs);
    if (known != null) {
      // The digest pass of this build has just hashed it (or a trusted entry says what it holds): the kernel copies
      // the bytes (copy_file_range or sendfile), nothing passes through the JVM.
      entry.contentSha256 = known;
      context.countBytes(copyInKernel(entry.source, target));
      return;
    }
    long hashedAt = hashes == null ? 0 : hashes.now();
    MessageDigest sha = sha256();
    ByteBuffer buffer = ByteBuffer.allocate(BUFFER);
    long total = 0;
    try (FileChannel in = FileChannel.open(entry.source, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS);
        FileChannel out = FileChannel.open(target, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE,
            LinkOption.NOFOLLOW_LINKS)) {
      int n;
      while ((n = in.read(buffer)) >= 0) {
        if (n == 0) {
          continue;
        }
        sha.update(buffer.array(), 0, n);
        buffer.flip();
        while (buffer.hasRemaining()) {
          out.write(buffer);
        }
        buffer.clear();
        total += n;
      }
    }
    entry.contentSha256 = sha.digest();
    if (hashes != null) {
      hashes.remember(entry.source, attrs, entry.contentSha256, hashedAt);
    }
    context.countBytes(total);
  }

  private static long copyInKernel(Path source, Path target) throws IOException {
    try (FileChannel in = FileChannel.open(source, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS);
        FileChannel out = FileChannel.open(target, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE,
            LinkOption.NOFOLLOW_LINKS)) {
      long copied = 0;
      for (long n = in.transferTo(0, Long.MAX_VALUE, out); n > 0; n = in.transferTo(copied, Long.MAX_VALUE, out)) {
        copied += n;
      }
      return copied;
    }
  }

  /** fsutil's {@code copyFileInfo}: owner, then mode (chown clears set-id bits), then times. */
  private void applyMetadata(UnixAttrs attrs, Path target, Path source) {
    try {
      int uid;
      int gid;
      if (context.chown().isPresent()) {
        uid = context.chown().get().uid();
        gid = context.chown().get().gid();
      } else if (context.resetOwnership()) {
        uid = 0;
        gid = 0;
      } else {
        uid = attrs.uid();
        gid = attrs.gid();
      }
      FileOps.lchown(target, uid, gid);
      if (!attrs.isSymlink()) {
        int mode = context.chmod().map(m -> m.apply(attrs.mode(), attrs.isDirectory())).orElse(attrs.mode());
        FileOps.chmod(target, mode);
      }
      if (attrs.isDirectory() || attrs.isFile() || attrs.isSymlink()) {
        FileOps.setTimes(target, attrs.mtime(), attrs.atime()); // special files keep their creation time
      }
    } catch (IOException e) {
      throw new CopyException("setting the owner, mode and times of " + context.showDest(target) + " (from "
          + context.showSource(source) + "): " + reason(e), e);
    }
  }

  static MessageDigest sha256() {
    return dev.stowage.oci.DigestAlgorithm.SHA256.newMessageDigest();
  }

  static String reason(IOException e) {
    String reason = e instanceof java.nio.file.FileSystemException fse && fse.getReason() != null
        ? fse.getReason() : e.getMessage();
    return reason == null ? e.getClass().getSimpleName() : reason;
  }
}
