package dev.stowage.runtime.linux;

import dev.stowage.oci.ForeignLinking;
import dev.stowage.oci.ForeignSyscalls;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * mount(2) and umount2(2) through {@link ForeignSyscalls} (the C library's syscall function and
 * {@code java.lang.foreign}), with errno captured right after the call. Compiled for Java 22 (the first release
 * where the API is final) and reached only through {@link SystemMounts}, so Java 21 still runs the rest of the
 * module with mount(8). Stateless and thread-safe: each call has its own confined arena.
 */
final class ForeignMounts implements MountSyscalls {
  private static final ForeignMounts INSTANCE = new ForeignMounts();
  /** Paths as the JDK's own file calls encode them, so the call reaches the file {@code Files} would. */
  private static final Charset PATHS = ForeignLinking.pathCharset();

  private ForeignMounts() {}

  /** Links the system calls now (the one-time cost) and returns them; throws where they cannot be linked. */
  static MountSyscalls linked() {
    ForeignSyscalls.link();
    return INSTANCE;
  }

  @Override
  public int mount(String source, Path target, String fsType, long flags, String data) {
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment state = ForeignSyscalls.callState(arena);
      MemorySegment cData = data.isEmpty() ? MemorySegment.NULL : arena.allocateFrom(data, StandardCharsets.UTF_8);
      long rc = ForeignSyscalls.mount(state, arena.allocateFrom(source, PATHS), path(arena, target),
          arena.allocateFrom(fsType, StandardCharsets.UTF_8), flags, cData);
      return rc == 0 ? 0 : ForeignSyscalls.errno(state);
    } catch (Throwable t) {
      throw unexpected("mount", target, t);
    }
  }

  @Override
  public int umount2(Path target, int flags) {
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment state = ForeignSyscalls.callState(arena);
      long rc = ForeignSyscalls.umount2(state, path(arena, target), flags);
      return rc == 0 ? 0 : ForeignSyscalls.errno(state);
    } catch (Throwable t) {
      throw unexpected("umount2", target, t);
    }
  }

  private static MemorySegment path(Arena arena, Path path) {
    return arena.allocateFrom(path.toString(), PATHS);
  }

  private static RuntimeException unexpected(String call, Path target, Throwable t) {
    if (t instanceof Error error) {
      throw error;
    }
    if (t instanceof RuntimeException e) {
      return e;
    }
    return new IllegalStateException(call + " of " + target + " failed unexpectedly: " + t, t);
  }
}
