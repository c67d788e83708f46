package dev.stowage.engine.copy;

import dev.stowage.oci.Digest;
import dev.stowage.oci.DigestAlgorithm;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;

/**
 * The digest of what a copy selects, for the build cache: for each selected source (as written and as matched),
 * each entry's path below it, type, mode, owner, symlink target, device numbers, size and content hash, in walk
 * order; never times. Owners are the ones the copy starts from (root for the build context), so touching or
 * re-checking out the context does not change it. Fields are length-prefixed, so no two selections collide by
 * concatenation.
 */
final class ContentDigest implements EntrySink {
  private final MessageDigest sha = CopyWriter.sha256();
  private final boolean resetOwnership;
  private final Deque<Pending> directories = new ArrayDeque<>();

  private static final class Pending {
    final Entry entry;
    boolean recorded;

    Pending(Entry entry) {
      this.entry = entry;
    }
  }

  ContentDigest(boolean resetOwnership) {
    this.resetOwnership = resetOwnership;
  }

  /** Starts a selected source: the source as written and the path it matched below the root. */
  void beginSource(String written, String matched) {
    put("source");
    put(written);
    put(matched);
  }

  @Override
  public void enterDirectory(Entry directory, boolean included) {
    directories.push(new Pending(directory));
    if (included) {
      recordPending();
    }
  }

  @Override
  public void exitDirectory(Entry directory, boolean included) {
    directories.pop();
  }

  @Override
  public void leaf(Entry entry) {
    recordPending();
    record(entry);
  }

  /** An ADD source that is unpacked: its bytes count, not the entries inside. */
  void archive(Path file, byte[] contentSha256) {
    put("archive");
    put(contentSha256 == null ? hashFile(file) : contentSha256);
  }

  /** A here-document copied as a file. */
  void inline(String name, byte[] content) {
    put("inline");
    put(name);
    put(sha256(content));
  }

  Digest finish() {
    return Digest.fromBytes(DigestAlgorithm.SHA256, sha.digest());
  }

  /** Directories left pending (not included themselves) are created as parents: they count from now on. */
  private void recordPending() {
    for (Iterator<Pending> it = directories.descendingIterator(); it.hasNext(); ) {
      Pending p = it.next();
      if (!p.recorded) {
        record(p.entry);
        p.recorded = true;
      }
    }
  }

  private void record(Entry e) {
    UnixAttrs a = e.attrs;
    put("entry");
    put(e.relative);
    put(a.type().name());
    put(Integer.toOctalString(a.mode()));
    put(resetOwnership ? "0:0" : Integer.toUnsignedString(a.uid()) + ":" + Integer.toUnsignedString(a.gid()));
    switch (a.type()) {
      case FILE -> {
        put(Long.toString(a.size()));
        put(e.contentSha256 != null ? e.contentSha256 : hashFile(e.source));
      }
      case SYMLINK -> put(readLink(e.source));
      case CHAR_DEVICE, BLOCK_DEVICE -> put(a.major() + "," + a.minor());
      default -> { }
    }
  }

  private void put(String text) {
    put(text.getBytes(StandardCharsets.UTF_8));
  }

  private void put(byte[] bytes) {
    int n = bytes.length;
    sha.update(new byte[] {(byte) (n >>> 24), (byte) (n >>> 16), (byte) (n >>> 8), (byte) n});
    sha.update(bytes);
  }

  private static byte[] sha256(byte[] content) {
    return CopyWriter.sha256().digest(content);
  }

  static byte[] hashFile(Path file) {
    MessageDigest digest = CopyWriter.sha256();
    byte[] buffer = new byte[64 * 1024];
    try (InputStream in = Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS)) {
      int n;
      while ((n = in.read(buffer)) >= 0) {
        digest.update(buffer, 0, n);
      }
    } catch (IOException e) {
      throw new CopyException("reading " + file + " for its digest: " + CopyWriter.reason(e), e);
    }
    return digest.digest();
  }

  private static String readLink(Path link) {
    try {
      return Files.readSymbolicLink(link).toString();
    } catch (IOException e) {
      throw new CopyException("reading the symlink " + link + ": " + CopyWriter.reason(e), e);
    }
  }
}
