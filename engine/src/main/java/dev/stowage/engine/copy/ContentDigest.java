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
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The digest of what a copy selects, for the build cache: for each selected source (as written and as matched),
 * each entry's path below it, type, mode, owner, symlink target, device numbers, size and content hash, in walk
 * order; never times. Owners are the ones the copy starts from (root for the build context), so touching or
 * re-checking out the context does not change it. Fields are length-prefixed, so no two selections collide by
 * concatenation.
 *
 * <p>Content hashes come from the copy itself when it read the file, else from the {@link FileHashCache} (build
 * context only), else the file is read: on a few threads, while the walk goes on. Fields wait in order behind a
 * hash still being computed, so the digest does not depend on which thread finishes first.
 */
final class ContentDigest implements EntrySink, AutoCloseable {
  /** Threads reading files that need hashing: the machine's cores, but a few at most. */
  private static final int HASH_THREADS = Math.min(4, Runtime.getRuntime().availableProcessors());

  private final MessageDigest sha = CopyWriter.sha256();
  private final byte[] pendingBytes = new byte[32 * 1024];
  private int pending;
  private final boolean resetOwnership;
  private final FileHashCache hashes;
  private final Deque<Pending> directories = new ArrayDeque<>();
  /** Fields not yet in {@link #sha}: {@code byte[]} or a {@code Future<byte[]>} of a content hash, in order. */
  private final Deque<Object> queued = new ArrayDeque<>();
  private ExecutorService hashing;
  /**
   * Content hashed on the walking thread before the first hashing thread is started: a COPY of a few small files
   * (the common case) costs less than starting threads and handing work to them.
   */
  private long inlineBudget = 1024 * 1024;

  private static final class Pending {
    final Entry entry;
    boolean recorded;

    Pending(Entry entry) {
      this.entry = entry;
    }
  }

  ContentDigest(boolean resetOwnership) {
    this(resetOwnership, null);
  }

  /** @param hashes the cache of the context's content hashes, or null to read every file not copied */
  ContentDigest(boolean resetOwnership, FileHashCache hashes) {
    this.resetOwnership = resetOwnership;
    this.hashes = hashes;
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
  void archive(Path file, UnixAttrs attrs, byte[] contentSha256) {
    put("archive");
    put(contentSha256 != null ? contentSha256 : hashes != null ? hashes.hash(file, attrs) : hashFile(file));
  }

  /** A here-document copied as a file. */
  void inline(String name, byte[] content) {
    put("inline");
    put(name);
    put(sha256(content));
  }

  Digest finish() {
    try {
      while (!queued.isEmpty()) {
        consume(queued.poll());
      }
      flush();
      return Digest.fromBytes(DigestAlgorithm.SHA256, sha.digest());
    } finally {
      close();
    }
  }

  /** Stops the hashing threads (a copy that failed half way leaves hashes nobody waits for). */
  @Override
  public void close() {
    if (hashing != null) {
      for (Runnable never : hashing.shutdownNow()) {
        if (never instanceof Future<?> f) {
          f.cancel(false); // so nothing waits for a hash that will not come
        }
      }
      hashing = null;
    }
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
        putContentHash(e);
      }
      case SYMLINK -> put(readLink(e.source));
      case CHAR_DEVICE, BLOCK_DEVICE -> put(a.major() + "," + a.minor());
      default -> { }
    }
  }

  private void putContentHash(Entry e) {
    if (e.contentSha256 != null) {
      put(e.contentSha256);
      return;
    }
    byte[] cached = hashes == null ? null : hashes.lookup(e.source, e.attrs);
    if (cached != null) {
      put(cached);
      return;
    }
    if (HASH_THREADS < 2 || (hashing == null && e.attrs.size() <= inlineBudget)) {
      inlineBudget -= e.attrs.size();
      put(hashes == null ? hashFile(e.source) : hashes.compute(e.source, e.attrs));
      return;
    }
    if (hashing == null) {
      hashing = Executors.newFixedThreadPool(HASH_THREADS,
          Thread.ofPlatform().daemon().name("stowage-hash-", 0).factory());
    }
    Path source = e.source;
    UnixAttrs attrs = e.attrs;
    queued.add(hashing.submit(() -> hashes == null ? hashFile(source) : hashes.compute(source, attrs)));
  }

  private void put(String text) {
    put(text.getBytes(StandardCharsets.UTF_8));
  }

  private void put(byte[] bytes) {
    drainCompleted();
    if (queued.isEmpty()) {
      consume(bytes);
    } else {
      queued.add(bytes);
    }
  }

  /** Moves the fields at the head of the queue into the digest, up to the first hash not computed yet. */
  private void drainCompleted() {
    while (!queued.isEmpty() && !(queued.peek() instanceof Future<?> f && !f.isDone())) {
      consume(queued.poll());
    }
  }

  private void consume(Object field) {
    byte[] bytes = field instanceof Future<?> future ? (byte[]) await(future) : (byte[]) field;
    int n = bytes.length;
    if (pending + 4 + n > pendingBytes.length) {
      flush();
    }
    pendingBytes[pending++] = (byte) (n >>> 24);
    pendingBytes[pending++] = (byte) (n >>> 16);
    pendingBytes[pending++] = (byte) (n >>> 8);
    pendingBytes[pending++] = (byte) n;
    if (n > pendingBytes.length - pending) {
      sha.update(pendingBytes, 0, pending);
      pending = 0;
      sha.update(bytes);
      return;
    }
    System.arraycopy(bytes, 0, pendingBytes, pending, n);
    pending += n;
  }

  /** Fields are small and many (seven per file): they reach the digest in batches, not one call each. */
  private void flush() {
    if (pending > 0) {
      sha.update(pendingBytes, 0, pending);
      pending = 0;
    }
  }

  private static Object await(Future<?> future) {
    try {
      return future.get();
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException r) {
        throw r;
      }
      throw new CopyException("hashing a file: " + e.getCause(), e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CopyException("interrupted while hashing the copy's files", e);
    } catch (CancellationException e) {
      throw new CopyException("hashing the copy's files was cancelled", e);
    }
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
