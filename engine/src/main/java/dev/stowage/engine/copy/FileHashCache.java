package dev.stowage.engine.copy;

import dev.stowage.oci.Digest;
import java.io.BufferedOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.System.Logger.Level;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import java.util.zip.CRC32C;
import java.util.zip.CheckedOutputStream;

/**
 * The SHA-256 of build-context files, keyed by what {@code lstat} says of each (as BuildKit's contenthash and git's
 * index do): a regular file whose absolute path, device, inode, size, mtime, ctime (nanoseconds), mode and owner
 * are unchanged is not read again. One cache file per context directory under the state directory, written
 * atomically; a missing, corrupt or unreadable one is ignored (the cache starts empty), never an error.
 *
 * <p>Racily clean entries, as git calls them: a file changed within the timestamp granularity of the moment it was
 * hashed can keep its stat while its bytes change. An entry is trusted only when the file's mtime and ctime are at
 * least {@link #RACY_NANOS} older than the moment its content was read; else the file is hashed again.
 *
 * <p>Only build-context files go in (never secret files, which are not walked by a copy). Saving keeps only the
 * entries met in this build, so the file stays the size of the context. Thread-safe.
 */
public final class FileHashCache {
  /** How much older than the hashing moment a file's times must be for its entry to be trusted. */
  static final long RACY_NANOS = TimeUnit.SECONDS.toNanos(2);

  private static final byte[] MAGIC = "stowage context hashes 1\n".getBytes(StandardCharsets.US_ASCII);
  private static final int SHA256_BYTES = 32;
  private static final int MAX_PATH_BYTES = 64 * 1024;

  /** The stat fields an entry is valid for, the content hash, and when the content was read (epoch ns). */
  private record Cached(long dev, long ino, long size, long mtime, long ctime, int mode, int uid, int gid,
      long hashedAt, byte[] sha256) {

    static Cached of(UnixAttrs a, long hashedAt, byte[] sha256) {
      return new Cached(a.dev(), a.ino(), a.size(), nanos(a.mtime()), nanos(a.ctime()), a.mode(), a.uid(), a.gid(),
          hashedAt, sha256);
    }

    boolean describes(UnixAttrs a) {
      return dev == a.dev() && ino == a.ino() && size == a.size() && mtime == nanos(a.mtime())
          && ctime == nanos(a.ctime()) && mode == a.mode() && uid == a.uid() && gid == a.gid();
    }

    boolean trusted() {
      return hashedAt - Math.max(mtime, ctime) >= RACY_NANOS;
    }

    boolean sameAs(Cached other) {
      return other != null && dev == other.dev && ino == other.ino && size == other.size && mtime == other.mtime
          && ctime == other.ctime && mode == other.mode && uid == other.uid && gid == other.gid
          && hashedAt == other.hashedAt && Arrays.equals(sha256, other.sha256);
    }
  }

  private final Path file;
  private final LongSupplier clock;
  private final Map<String, Cached> loaded;
  private final Map<String, Cached> seen;
  private final AtomicBoolean changed = new AtomicBoolean();
  private final AtomicLong computed = new AtomicLong();

  private FileHashCache(Path file, LongSupplier clock, Map<String, Cached> loaded) {
    this.file = file;
    this.clock = clock;
    this.loaded = loaded;
    this.seen = new ConcurrentHashMap<>(Math.max(16, loaded.size() * 4 / 3 + 1)); // a rebuild meets about as many
  }

  /**
   * The cache of {@code context}'s files, read from {@code directory} (a file named after the SHA-256 of the
   * context's absolute path); empty when there is none or it cannot be read.
   */
  public static FileHashCache open(Path directory, Path context) {
    return open(directory, context, FileHashCache::wallClockNanos);
  }

  /** As {@link #open(Path, Path)}, with the clock that stamps when content is read (epoch nanoseconds). */
  static FileHashCache open(Path directory, Path context, LongSupplier clock) {
    Path file = directory.resolve(nameFor(context));
    return new FileHashCache(file, clock, load(file));
  }

  /** The file this cache loads from and saves to. */
  public Path file() {
    return file;
  }

  /**
   * Writes the entries met since opening (atomically: a temporary file, then a rename), dropping the rest and the
   * racily clean ones. Nothing is written when nothing was met or nothing changed. Never fails: a cache that cannot
   * be written is only slower next time.
   */
  public void save() {
    if (seen.isEmpty() || (!changed.get() && seen.size() == loaded.size())) {
      return;
    }
    Path temp = null;
    try {
      Files.createDirectories(file.getParent());
      temp = Files.createTempFile(file.getParent(), file.getFileName().toString(), ".tmp");
      try (OutputStream out = Files.newOutputStream(temp)) {
        write(out);
      }
      try {
        Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING);
      }
      temp = null;
    } catch (IOException | RuntimeException e) {
      log().log(Level.DEBUG, () -> "could not save the context hash cache " + file + ": " + e.getMessage());
    } finally {
      if (temp != null) {
        try {
          Files.deleteIfExists(temp);
        } catch (IOException ignored) {
          // a stray temporary file is only litter
        }
      }
    }
  }

  /** The content hash of the regular file {@code path} whose attributes are {@code attrs}: cached, else read. */
  byte[] hash(Path path, UnixAttrs attrs) {
    byte[] cached = lookup(path, attrs);
    return cached != null ? cached : compute(path, attrs);
  }

  /** The cached hash when the entry is still valid and trusted (it is then kept), else null. */
  byte[] lookup(Path path, UnixAttrs attrs) {
    String key = path.toString();
    Cached entry = seen.get(key);
    if (entry == null) {
      entry = loaded.get(key);
    }
    if (entry != null && entry.describes(attrs) && entry.trusted()) {
      seen.putIfAbsent(key, entry);
      return entry.sha256;
    }
    return null;
  }

  /** Reads and hashes {@code path} and remembers the result. */
  byte[] compute(Path path, UnixAttrs attrs) {
    long hashedAt = now();
    byte[] sha256 = ContentDigest.hashFile(path);
    computed.incrementAndGet();
    remember(path, attrs, sha256, hashedAt);
    return sha256;
  }

  /**
   * Remembers a hash computed elsewhere (while copying the file).
   *
   * @param hashedAt {@link #now()} taken before the content was read
   */
  void remember(Path path, UnixAttrs attrs, byte[] sha256, long hashedAt) {
    String key = path.toString();
    Cached entry = Cached.of(attrs, hashedAt, sha256.clone());
    seen.put(key, entry);
    if (!entry.sameAs(loaded.get(key))) {
      changed.set(true);
    }
  }

  /** The clock stamping when content is read: epoch nanoseconds, comparable with file times. */
  long now() {
    return clock.getAsLong();
  }

  /** How many files this cache has read and hashed (for tests). */
  long computed() {
    return computed.get();
  }

  static String nameFor(Path context) {
    Path absolute;
    try {
      absolute = context.toRealPath();
    } catch (IOException e) {
      absolute = context.toAbsolutePath().normalize();
    }
    return Digest.sha256(absolute.toString()).hex();
  }

  private static long nanos(FileTime time) {
    return time.to(TimeUnit.NANOSECONDS);
  }

  private static long wallClockNanos() {
    Instant now = Instant.now();
    return now.getEpochSecond() * 1_000_000_000L + now.getNano();
  }

  // ---------------------------------------------------------------- file format

  /*
   * MAGIC, entry count (int), then per entry: path length (int) and UTF-8 bytes, dev, ino, size, mtime, ctime,
   * hashedAt (longs), mode, uid, gid (ints), the 32-byte SHA-256; then the CRC32C of everything before (long).
   */

  private void write(OutputStream target) throws IOException {
    Map<String, Cached> kept = new HashMap<>();
    seen.forEach((key, entry) -> {
      if (entry.trusted()) {
        kept.put(key, entry);
      }
    });
    CheckedOutputStream checked = new CheckedOutputStream(new BufferedOutputStream(target, 64 * 1024), new CRC32C());
    DataOutputStream out = new DataOutputStream(checked);
    out.write(MAGIC);
    out.writeInt(kept.size());
    for (Map.Entry<String, Cached> e : kept.entrySet()) {
      byte[] path = e.getKey().getBytes(StandardCharsets.UTF_8);
      Cached c = e.getValue();
      out.writeInt(path.length);
      out.write(path);
      out.writeLong(c.dev);
      out.writeLong(c.ino);
      out.writeLong(c.size);
      out.writeLong(c.mtime);
      out.writeLong(c.ctime);
      out.writeLong(c.hashedAt);
      out.writeInt(c.mode);
      out.writeInt(c.uid);
      out.writeInt(c.gid);
      out.write(c.sha256);
    }
    out.flush();
    out.writeLong(checked.getChecksum().getValue());
    out.flush();
  }

  /** The entries in {@code file}; none when it is missing, unreadable or corrupt in any way. */
  private static Map<String, Cached> load(Path file) {
    try {
      // Read whole (about 110 bytes per context file) and parsed from memory: a stream of 12 small reads per entry,
      // each through a checksum, costs a cold JVM tens of milliseconds on a 20,000-file context.
      return read(Files.readAllBytes(file));
    } catch (NoSuchFileException e) {
      return Map.of();
    } catch (IOException | RuntimeException e) {
      log().log(Level.DEBUG, () -> "ignoring the context hash cache " + file + ": " + e);
      return Map.of();
    }
  }

  private static Map<String, Cached> read(byte[] bytes) throws IOException {
    if (bytes.length < MAGIC.length + Integer.BYTES + Long.BYTES
        || !Arrays.equals(bytes, 0, MAGIC.length, MAGIC, 0, MAGIC.length)) {
      throw new IOException("not a context hash cache");
    }
    int body = bytes.length - Long.BYTES;
    CRC32C crc = new CRC32C();
    crc.update(bytes, 0, body);
    ByteBuffer in = ByteBuffer.wrap(bytes, 0, body); // big-endian, as DataOutputStream wrote it
    if (ByteBuffer.wrap(bytes, body, Long.BYTES).getLong() != crc.getValue()) {
      throw new IOException("checksum mismatch");
    }
    in.position(MAGIC.length);
    int count = in.getInt();
    if (count < 0) {
      throw new IOException("bad entry count " + count);
    }
    Map<String, Cached> entries = new HashMap<>(Math.min(count, 1 << 20) * 4 / 3 + 1);
    try {
      for (int i = 0; i < count; i++) {
        int length = in.getInt();
        if (length <= 0 || length > MAX_PATH_BYTES) {
          throw new IOException("bad path length " + length);
        }
        String path = new String(bytes, in.position(), length, StandardCharsets.UTF_8);
        in.position(in.position() + length);
        long dev = in.getLong();
        long ino = in.getLong();
        long size = in.getLong();
        long mtime = in.getLong();
        long ctime = in.getLong();
        long hashedAt = in.getLong();
        int mode = in.getInt();
        int uid = in.getInt();
        int gid = in.getInt();
        byte[] sha256 = new byte[SHA256_BYTES];
        in.get(sha256);
        entries.put(path, new Cached(dev, ino, size, mtime, ctime, mode, uid, gid, hashedAt, sha256));
      }
    } catch (java.nio.BufferUnderflowException | IllegalArgumentException e) {
      throw new IOException("truncated entries", e);
    }
    if (in.hasRemaining()) {
      throw new IOException("trailing bytes after " + count + " entries");
    }
    return entries;
  }

  /** Looked up when there is something to say: the JDK's logging costs a build's start-up ~4 ms otherwise. */
  private static System.Logger log() {
    return System.getLogger(FileHashCache.class.getName());
  }
}
