package dev.stowage.oci.archive;

import dev.stowage.oci.ForeignLinking;
import dev.stowage.oci.ForeignSyscalls;
import dev.stowage.oci.OciException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Extended attributes through the system calls {@code llistxattr}, {@code lgetxattr} and {@code lsetxattr}
 * ({@link ForeignSyscalls}): every name space, never following a symlink, no process per call. Compiled for Java 22
 * (the first release where {@code java.lang.foreign} is final) and reached only through {@link SystemXattrs}, so
 * Java 21 still runs the rest.
 *
 * <p>Native memory comes from a confined arena per call (or per tree), so instances are stateless and thread-safe.
 */
final class ForeignXattrs implements XattrAccess {
  private static final ForeignXattrs INSTANCE = new ForeignXattrs();
  /** Most files have no attributes or a few short ones; the first try lists into this many bytes. */
  private static final int FIRST_BUFFER = 256;
  /** Attribute values are at most 64 KiB on Linux (XATTR_SIZE_MAX); a size race past that is a bug, not data. */
  private static final long MAX_VALUE = 64 * 1024;

  private ForeignXattrs() {}

  /** Links the system calls now (the one-time cost) and returns the access; throws where they cannot be linked. */
  static XattrAccess linked() {
    ForeignSyscalls.link();
    return INSTANCE;
  }

  @Override
  public List<Xattr> list(Path path) {
    try (Calls calls = new Calls()) {
      return calls.list(path, false);
    }
  }

  /** One arena and its buffers serve the whole tree; a file that vanished since the walk has no attributes. */
  @Override
  public Map<Path, List<Xattr>> listTree(Path root, List<Path> paths) {
    Map<Path, List<Xattr>> result = new LinkedHashMap<>();
    try (Calls calls = new Calls()) {
      for (Path path : paths) {
        List<Xattr> xattrs = calls.list(path, true);
        if (!xattrs.isEmpty()) {
          result.put(path, xattrs);
        }
      }
    }
    return result;
  }

  @Override
  public boolean canWrite(String name) {
    return true;
  }

  @Override
  public void set(Path path, Xattr xattr) {
    try (Calls calls = new Calls()) {
      calls.set(path, xattr);
    }
  }

  /** One confined arena with scratch buffers reused across the calls of one operation. */
  private static final class Calls implements AutoCloseable {
    private static final Charset PATHS = ForeignLinking.pathCharset();

    private final Arena arena = Arena.ofConfined();
    private final MemorySegment state = ForeignSyscalls.callState(arena);
    private MemorySegment pathBuffer = MemorySegment.NULL;
    private MemorySegment listBuffer = MemorySegment.NULL;
    private MemorySegment valueBuffer = MemorySegment.NULL;

    List<Xattr> list(Path path, boolean vanishedIsEmpty) {
      MemorySegment cPath = cPath(path);
      MemorySegment names = listNames(path, cPath, vanishedIsEmpty);
      if (names.byteSize() == 0) {
        return List.of();
      }
      List<Xattr> result = new ArrayList<>();
      long start = 0;
      for (long i = 0; i < names.byteSize(); i++) {
        if (names.get(ValueLayout.JAVA_BYTE, i) == 0) {
          if (i > start) { // an empty name is a kernel oddity, not an attribute
            String name = new String(names.asSlice(start, i - start).toArray(ValueLayout.JAVA_BYTE),
                StandardCharsets.UTF_8);
            // The listing is NUL-terminated names: each one is passed in place.
            byte[] value = value(path, cPath, name, names.asSlice(start), vanishedIsEmpty);
            if (value != null) {
              result.add(new Xattr(name, value));
            }
          }
          start = i + 1;
        }
      }
      result.sort(null);
      return result;
    }

    void set(Path path, Xattr xattr) {
      MemorySegment cPath = cPath(path);
      MemorySegment cName = arena.allocateFrom(xattr.name(), StandardCharsets.UTF_8);
      byte[] value = xattr.value();
      MemorySegment cValue = arena.allocate(Math.max(1, value.length));
      MemorySegment.copy(value, 0, cValue, ValueLayout.JAVA_BYTE, 0, value.length);
      long rc;
      try {
        rc = ForeignSyscalls.lsetxattr(state, cPath, cName, cValue, value.length, 0);
      } catch (Throwable t) {
        throw unexpected("lsetxattr", path, t);
      }
      if (rc != 0) {
        throw new OciException(XattrErrno.setFailure(path, xattr.name(), errno()));
      }
    }

    /** The NUL-separated names; an empty segment when there are none (or the file system has no xattrs). */
    private MemorySegment listNames(Path path, MemorySegment cPath, boolean vanishedIsEmpty) {
      long capacity = Math.max(FIRST_BUFFER, listBuffer.byteSize());
      while (true) {
        if (listBuffer.byteSize() < capacity) {
          listBuffer = arena.allocate(capacity);
        }
        long n = llistxattr(path, cPath, listBuffer, listBuffer.byteSize());
        if (n >= 0) {
          return listBuffer.asSlice(0, n);
        }
        int errno = errno();
        if (XattrErrno.meansNone(errno) || (vanishedIsEmpty && errno == XattrErrno.ENOENT)) {
          return MemorySegment.NULL;
        }
        if (errno != XattrErrno.ERANGE) {
          throw new OciException(XattrErrno.listFailure(path, errno));
        }
        // Too small: ask for the size (names may be added meanwhile, hence the loop).
        long needed = llistxattr(path, cPath, MemorySegment.NULL, 0);
        if (needed < 0) {
          throw new OciException(XattrErrno.listFailure(path, errno()));
        }
        capacity = Math.max(needed, capacity * 2);
      }
    }

    /** The value of {@code name}, or null when it disappeared since the listing. */
    private byte[] value(Path path, MemorySegment cPath, String name, MemorySegment cName, boolean vanishedIsEmpty) {
      long capacity = Math.max(FIRST_BUFFER, valueBuffer.byteSize());
      while (true) {
        if (valueBuffer.byteSize() < capacity) {
          valueBuffer = arena.allocate(capacity);
        }
        long n;
        try {
          n = ForeignSyscalls.lgetxattr(state, cPath, cName, valueBuffer, valueBuffer.byteSize());
        } catch (Throwable t) {
          throw unexpected("lgetxattr", path, t);
        }
        if (n >= 0) {
          return valueBuffer.asSlice(0, n).toArray(ValueLayout.JAVA_BYTE);
        }
        int errno = errno();
        if (XattrErrno.meansNone(errno) || (vanishedIsEmpty && errno == XattrErrno.ENOENT)) {
          return null;
        }
        if (errno != XattrErrno.ERANGE || capacity >= MAX_VALUE) {
          throw new OciException(XattrErrno.getFailure(path, name, errno));
        }
        capacity = Math.min(MAX_VALUE, capacity * 4);
      }
    }

    private long llistxattr(Path path, MemorySegment cPath, MemorySegment buffer, long size) {
      try {
        return ForeignSyscalls.llistxattr(state, cPath, buffer, size);
      } catch (Throwable t) {
        throw unexpected("llistxattr", path, t);
      }
    }

    /** The path's bytes as the JDK's own file calls encode them, NUL-terminated, in a reused buffer. */
    private MemorySegment cPath(Path path) {
      byte[] bytes = path.toString().getBytes(PATHS);
      if (pathBuffer.byteSize() < bytes.length + 1L) {
        pathBuffer = arena.allocate(Math.max(bytes.length + 1L, 512));
      }
      MemorySegment.copy(bytes, 0, pathBuffer, ValueLayout.JAVA_BYTE, 0, bytes.length);
      pathBuffer.set(ValueLayout.JAVA_BYTE, bytes.length, (byte) 0);
      return pathBuffer;
    }

    private int errno() {
      return ForeignSyscalls.errno(state);
    }

    @Override
    public void close() {
      arena.close();
    }

    private static OciException unexpected(String call, Path path, Throwable t) {
      if (t instanceof Error error) {
        throw error;
      }
      return new OciException(call + " on " + path + " failed unexpectedly: " + t, t);
    }
  }
}
