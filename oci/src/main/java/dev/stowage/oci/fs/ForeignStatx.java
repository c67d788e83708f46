package dev.stowage.oci.fs;

import dev.stowage.oci.ForeignLinking;
import dev.stowage.oci.ForeignSyscalls;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.charset.Charset;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;

/**
 * statx(2) through {@link ForeignSyscalls} ({@code java.lang.foreign}), errno captured right after the call.
 * Compiled for Java 22 and reached only through {@link Lstat#system()}. Each thread keeps its own native buffers, so
 * a walk allocates nothing native per file.
 */
final class ForeignStatx implements Lstat {
  private static final int AT_FDCWD = -100;
  private static final int AT_SYMLINK_NOFOLLOW = 0x100;
  private static final int STATX_BASIC_STATS = 0x7ff;
  private static final int ENOENT = 2;
  private static final int ENOTDIR = 20;

  /** struct statx, as <linux/stat.h> lays it out on every architecture. */
  private static final long STATX_BYTES = 256;
  private static final long NLINK = 16;
  private static final long UID = 20;
  private static final long GID = 24;
  private static final long MODE = 28;
  private static final long INO = 32;
  private static final long SIZE = 40;
  private static final long ATIME = 64;
  private static final long CTIME = 96;
  private static final long MTIME = 112;
  private static final long RDEV_MAJOR = 128;
  private static final long RDEV_MINOR = 132;
  private static final long DEV_MAJOR = 136;
  private static final long DEV_MINOR = 140;

  private static final Charset PATHS = ForeignLinking.pathCharset();

  static {
    ForeignSyscalls.link(); // fails here, not at the first call, where it cannot be linked
  }

  private static final ForeignStatx INSTANCE = new ForeignStatx();

  /** Native buffers, one set per thread, freed with the thread's last reference. */
  private static final ThreadLocal<Buffers> BUFFERS = ThreadLocal.withInitial(Buffers::new);

  private static final class Buffers {
    final Arena arena = Arena.ofAuto();
    final MemorySegment statx = arena.allocate(STATX_BYTES, 8);
    final MemorySegment state = ForeignSyscalls.callState(arena);
    MemorySegment path = arena.allocate(256);

    MemorySegment path(byte[] bytes) {
      if (path.byteSize() < bytes.length + 1) {
        path = arena.allocate(Math.max(bytes.length + 1, path.byteSize() * 2));
      }
      MemorySegment.copy(bytes, 0, path, ValueLayout.JAVA_BYTE, 0, bytes.length);
      path.set(ValueLayout.JAVA_BYTE, bytes.length, (byte) 0);
      return path;
    }
  }

  private ForeignStatx() {}

  /** Links statx now and checks it on the root directory; throws where it cannot be used. */
  static Lstat linked() throws IOException {
    Status root = INSTANCE.lstat(Path.of("/"));
    if ((root.mode() & 0170000) != 0040000) {
      throw new IllegalStateException("statx says / is not a directory (mode " + Integer.toOctalString(root.mode())
          + "): the struct layout is not this system's");
    }
    return INSTANCE;
  }

  @Override
  public Status lstat(Path path) throws IOException {
    byte[] name = path.toString().getBytes(PATHS); // no NUL: the JDK refuses one in a Path
    Buffers buffers = BUFFERS.get();
    MemorySegment buf = buffers.statx;
    long rc;
    try {
      rc = ForeignSyscalls.statx(buffers.state, AT_FDCWD, buffers.path(name), AT_SYMLINK_NOFOLLOW, STATX_BASIC_STATS,
          buf);
    } catch (Throwable t) {
      if (t instanceof Error error) {
        throw error;
      }
      throw new IllegalStateException("statx of " + path + " failed unexpectedly: " + t, t);
    }
    if (rc != 0) {
      int errno = ForeignSyscalls.errno(buffers.state);
      throw switch (errno) {
        case ENOENT -> new NoSuchFileException(path.toString());
        case ENOTDIR -> new FileSystemException(path.toString(), null, "Not a directory");
        default -> new FileSystemException(path.toString(), null, "statx failed with errno " + errno);
      };
    }
    return new Status(
        Short.toUnsignedInt(buf.get(ValueLayout.JAVA_SHORT, MODE)),
        buf.get(ValueLayout.JAVA_INT, UID),
        buf.get(ValueLayout.JAVA_INT, GID),
        buf.get(ValueLayout.JAVA_LONG, SIZE),
        time(buf, MTIME),
        time(buf, ATIME),
        time(buf, CTIME),
        encodeDevice(buf.get(ValueLayout.JAVA_INT, DEV_MAJOR), buf.get(ValueLayout.JAVA_INT, DEV_MINOR)),
        buf.get(ValueLayout.JAVA_LONG, INO),
        buf.get(ValueLayout.JAVA_INT, NLINK),
        encodeDevice(buf.get(ValueLayout.JAVA_INT, RDEV_MAJOR), buf.get(ValueLayout.JAVA_INT, RDEV_MINOR)));
  }

  /** struct statx_timestamp: a 64-bit second, then a 32-bit nanosecond. */
  private static FileTime time(MemorySegment buf, long offset) {
    long seconds = buf.get(ValueLayout.JAVA_LONG, offset);
    int nanos = buf.get(ValueLayout.JAVA_INT, offset + 8);
    return FileTime.from(Instant.ofEpochSecond(seconds, nanos));
  }

  /** The C library's {@code makedev}: what stat(2)'s {@code st_dev} and the JDK's {@code unix:dev} hold. */
  static long encodeDevice(int major, int minor) {
    long ma = Integer.toUnsignedLong(major);
    long mi = Integer.toUnsignedLong(minor);
    return ((ma & 0x00000fffL) << 8) | ((ma & 0xfffff000L) << 32) | (mi & 0x000000ffL) | ((mi & 0xffffff00L) << 12);
  }
}
