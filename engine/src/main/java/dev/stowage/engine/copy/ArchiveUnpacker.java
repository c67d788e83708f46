package dev.stowage.engine.copy;

import dev.stowage.dockerfile.ignore.SlashPaths;
import dev.stowage.oci.OciException;
import dev.stowage.oci.archive.TarHeader;
import dev.stowage.oci.archive.TarReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;

/**
 * Unpacks a local archive for ADD the way BuildKit's {@code applyRootArchive} does. The destination directory is
 * the extraction root: entry paths are cleaned and must stay inside it; symlinks met on the way (the archive's own
 * or ones already there) are followed inside it (an absolute target starts at the extraction root, a relative one
 * that climbs out is refused); the leaf is followed only for directory entries, anything else replaces what is at
 * its path. Owners and modes come from the archive ({@code --chown} overrides the owner, {@code --chmod} does not
 * apply); missing parents are made 0755 root:root. Device nodes and FIFOs are made only as root.
 */
final class ArchiveUnpacker {
  private static final int BUFFER = 128 * 1024;

  private final CopyContext context;
  private final Path root;
  private final String shown;
  private final boolean privileged;
  private final Deque<DirTime> directoryTimes = new ArrayDeque<>();
  private final byte[] buffer = new byte[BUFFER];
  private boolean xattrsSkipped;

  private record DirTime(Path path, FileTime mtime) {}

  private ArchiveUnpacker(CopyContext context, Path root, String shown, boolean privileged) {
    this.context = context;
    this.root = root;
    this.shown = shown;
    this.privileged = privileged;
  }

  /**
   * Unpacks {@code archive} into the existing directory {@code destination}.
   *
   * @return the SHA-256 of the archive file as stored (compressed), for the source digest
   */
  static byte[] unpack(Path archive, Archives.Format format, Path destination, CopyContext context, String shown,
      boolean privileged) {
    return new ArchiveUnpacker(context, destination, shown, privileged).run(archive, format);
  }

  private byte[] run(Path archive, Archives.Format format) {
    MessageDigest sha = CopyWriter.sha256();
    try (InputStream in = Archives.open(archive, format, shown)) {
      TarReader reader = new TarReader(in, shown);
      TarHeader header;
      while ((header = reader.next()) != null) {
        apply(header, reader);
      }
      while (in.read(buffer) >= 0) {
        // the end of the stream: a decompressor reports its errors there
      }
    } catch (IOException e) {
      throw new CopyException("ADD " + shown + ": reading the archive failed: " + CopyWriter.reason(e), e);
    } catch (OciException | UncheckedIOException e) {
      throw new CopyException("ADD " + shown + ": " + e.getMessage(), e);
    }
    while (!directoryTimes.isEmpty()) {
      DirTime d = directoryTimes.pop();
      io(() -> FileOps.setTimes(d.path, d.mtime, d.mtime), "setting the times of", d.path);
    }
    if (xattrsSkipped) {
      context.warn("ADD " + shown + ": extended attributes in the archive were not applied");
    }
    // The digest is over the stored bytes, read once more: cheap next to the extraction itself.
    try (InputStream in = new DigestInputStream(Files.newInputStream(archive, LinkOption.NOFOLLOW_LINKS), sha)) {
      while (in.read(buffer) >= 0) {
        // hashing
      }
    } catch (IOException e) {
      throw new CopyException("ADD " + shown + ": reading the archive failed: " + CopyWriter.reason(e), e);
    }
    return sha.digest();
  }

  private void apply(TarHeader header, TarReader reader) {
    String name = clean(header.path());
    if (name.isEmpty()) {
      return; // the archive's own root directory
    }
    int uid;
    int gid;
    if (context.chown().isPresent()) {
      uid = context.chown().get().uid();
      gid = context.chown().get().gid();
    } else {
      if (header.uid() > Integer.MAX_VALUE || header.gid() > Integer.MAX_VALUE) {
        throw refuse(header.path(), "its owner " + header.uid() + ":" + header.gid() + " is out of range");
      }
      uid = (int) header.uid();
      gid = (int) header.gid();
    }
    if (!header.xattrs().isEmpty()) {
      xattrsSkipped = true;
    }
    boolean directory = header.type() == dev.stowage.oci.archive.EntryType.DIRECTORY;
    String resolved = resolve(name, directory);
    makeParents(resolved);
    Path path = ScopedPaths.join(root, resolved);
    UnixAttrs existing = UnixAttrs.lstatOrNull(path);
    if (existing != null && (!existing.isDirectory() || !directory)) {
      io(() -> FileOps.removeAll(path), "replacing", path);
    }
    FileTime mtime = FileTime.from(header.mtime());
    switch (header.type()) {
      case DIRECTORY -> {
        if (existing == null || !existing.isDirectory()) {
          io(() -> FileOps.mkdir(path, header.mode() & 0777), "creating directory", path);
        }
        io(() -> FileOps.lchown(path, uid, gid), "setting the owner of", path);
        io(() -> FileOps.chmod(path, header.mode()), "setting the mode of", path);
        directoryTimes.push(new DirTime(path, mtime));
      }
      case FILE -> {
        writeFile(path, header, reader.content());
        finish(path, uid, gid, header.mode(), mtime);
      }
      case SYMLINK -> {
        io(() -> Files.createSymbolicLink(path, linkTarget(header)), "creating symlink", path);
        io(() -> FileOps.lchown(path, uid, gid), "setting the owner of", path);
        io(() -> FileOps.setTimes(path, mtime, mtime), "setting the times of", path);
      }
      case HARDLINK -> {
        String target = clean(header.linkTarget());
        if (target.isEmpty()) {
          throw refuse(header.path(), "it is a hard link to the extraction root");
        }
        Path existingTarget = ScopedPaths.join(root, resolve(target, false));
        io(() -> Files.createLink(path, existingTarget), "creating hard link", path);
        io(() -> FileOps.lchown(path, uid, gid), "setting the owner of", path);
        UnixAttrs linked = UnixAttrs.lstatOrNull(path);
        if (linked != null && !linked.isSymlink()) {
          io(() -> FileOps.chmod(path, header.mode()), "setting the mode of", path);
          io(() -> FileOps.setTimes(path, mtime, mtime), "setting the times of", path);
        }
      }
      case CHAR_DEVICE, BLOCK_DEVICE, FIFO -> {
        if (!privileged && header.type() != dev.stowage.oci.archive.EntryType.FIFO) {
          context.warn("ADD " + shown + ": skipped the device node " + header.path() + " (needs root)");
          return;
        }
        UnixAttrs.Type type = switch (header.type()) {
          case CHAR_DEVICE -> UnixAttrs.Type.CHAR_DEVICE;
          case BLOCK_DEVICE -> UnixAttrs.Type.BLOCK_DEVICE;
          default -> UnixAttrs.Type.FIFO;
        };
        io(() -> FileOps.mknod(path, type, header.mode(), header.devMajor(), header.devMinor()), "creating", path);
        io(() -> FileOps.lchown(path, uid, gid), "setting the owner of", path);
        io(() -> FileOps.chmod(path, header.mode()), "setting the mode of", path); // no times: see setTimes
      }
    }
    context.countEntry();
  }

  private void finish(Path path, int uid, int gid, int mode, FileTime mtime) {
    io(() -> FileOps.lchown(path, uid, gid), "setting the owner of", path);
    io(() -> FileOps.chmod(path, mode), "setting the mode of", path);
    io(() -> FileOps.setTimes(path, mtime, mtime), "setting the times of", path);
  }

  private void writeFile(Path path, TarHeader header, InputStream content) {
    long remaining = header.size();
    try (OutputStream out = Files.newOutputStream(path, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE,
        LinkOption.NOFOLLOW_LINKS)) {
      while (remaining > 0) {
        int n = content.read(buffer, 0, (int) Math.min(buffer.length, remaining));
        if (n < 0) {
          throw new CopyException("ADD " + shown + ": the archive is truncated inside " + header.path());
        }
        out.write(buffer, 0, n);
        remaining -= n;
      }
    } catch (IOException e) {
      throw new CopyException("ADD " + shown + ": writing " + context.showDest(path) + ": " + CopyWriter.reason(e),
          e);
    }
    context.countBytes(header.size());
  }

  /** BuildKit's {@code cleanRootTarPath}: relative and clean; a path that climbs out is refused. */
  private String clean(String entryPath) {
    String trimmed = entryPath.replaceFirst("^/+", "");
    String clean = SlashPaths.clean(trimmed);
    if (clean.equals(".") || clean.isEmpty()) {
      return "";
    }
    if (clean.equals("..") || clean.startsWith("../")) {
      throw new CopyException("ADD " + shown + ": archive path \"" + entryPath + "\" is outside the extraction root");
    }
    return clean;
  }

  /** BuildKit's {@code resolveRootPath}: follows symlinks below the extraction root, refusing any way out. */
  private String resolve(String name, boolean followLeaf) {
    String current = name;
    for (int round = 0; round < ScopedPaths.MAX_LINKS; round++) {
      List<String> parts = current.isEmpty() ? List.of() : Arrays.asList(current.split("/"));
      List<String> resolved = new ArrayList<>();
      String next = null;
      for (int i = 0; i < parts.size(); i++) {
        String part = parts.get(i);
        if (part.isEmpty() || part.equals(".")) {
          continue;
        }
        if (i == parts.size() - 1 && !followLeaf) {
          resolved.add(part);
          continue;
        }
        String candidate = resolved.isEmpty() ? part : String.join("/", resolved) + "/" + part;
        UnixAttrs attrs = UnixAttrs.lstatOrNull(root.resolve(candidate));
        if (attrs == null) {
          resolved.addAll(parts.subList(i, parts.size()));
          return String.join("/", resolved);
        }
        if (!attrs.isSymlink()) {
          resolved.add(part);
          continue;
        }
        String target = readLink(root.resolve(candidate));
        String rebased;
        if (target.startsWith("/")) {
          rebased = clean(target);
        } else {
          String dir = SlashPaths.dir(candidate);
          rebased = SlashPaths.clean((dir.equals(".") ? "" : dir + "/") + target);
          if (rebased.equals(".")) {
            rebased = "";
          }
          if (rebased.equals("..") || rebased.startsWith("../")) {
            throw new CopyException("ADD " + shown + ": archive symlink \"" + candidate
                + "\" points outside the extraction root");
          }
        }
        String remaining = String.join("/", parts.subList(i + 1, parts.size()));
        next = remaining.isEmpty() ? rebased : rebased.isEmpty() ? remaining : rebased + "/" + remaining;
        break;
      }
      if (next == null) {
        return String.join("/", resolved);
      }
      current = next;
    }
    throw new CopyException("ADD " + shown + ": too many symlinks resolving archive path \"" + name + "\"");
  }

  /** The directories above {@code resolved}, made 0755 root:root where missing. */
  private void makeParents(String resolved) {
    int slash = resolved.lastIndexOf('/');
    if (slash < 0) {
      return;
    }
    Path current = root;
    for (String part : resolved.substring(0, slash).split("/")) {
      Path next = current.resolve(part);
      UnixAttrs attrs = UnixAttrs.lstatOrNull(next);
      if (attrs == null) {
        io(() -> FileOps.mkdir(next, 0755), "creating directory", next);
        io(() -> FileOps.lchown(next, 0, 0), "setting the owner of", next);
      } else if (!attrs.isDirectory()) {
        throw new CopyException("ADD " + shown + ": cannot create " + context.showDest(next)
            + " as a directory: a file is in the way");
      }
      current = next;
    }
  }

  private Path linkTarget(TarHeader header) {
    try {
      return Path.of(header.linkTarget());
    } catch (InvalidPathException e) {
      throw refuse(header.path(), "its link target is not a valid path");
    }
  }

  private static String readLink(Path link) {
    try {
      return Files.readSymbolicLink(link).toString();
    } catch (IOException e) {
      throw new CopyException("reading the symlink " + link + ": " + CopyWriter.reason(e), e);
    }
  }

  private CopyException refuse(String entry, String reason) {
    return new CopyException("ADD " + shown + ": refusing the archive entry \"" + entry + "\": " + reason);
  }

  private void io(IoAction action, String what, Path path) {
    try {
      action.run();
    } catch (IOException e) {
      throw new CopyException("ADD " + shown + ": " + what + " " + context.showDest(path) + ": "
          + CopyWriter.reason(e), e);
    }
  }

  @FunctionalInterface
  private interface IoAction {
    void run() throws IOException;
  }
}
