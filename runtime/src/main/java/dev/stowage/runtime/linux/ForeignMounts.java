package dev.stowage.runtime.linux;

import dev.stowage.oci.ForeignLinking;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * mount(2) and umount2(2) through the C library and {@code java.lang.foreign}, with errno captured right after the
 * call. Compiled for Java 22 (the first release where the API is final) and reached only through
 * {@link SystemMounts}, so Java 21 still runs the rest of the module with mount(8). Stateless and thread-safe:
 * each call has its own confined arena.
 */
final class ForeignMounts implements MountSyscalls {
  private static final ForeignMounts INSTANCE = new ForeignMounts();
  /** Paths as the JDK's own file calls encode them, so the call reaches the file {@code Files} would. */
  private static final Charset PATHS = ForeignLinking.pathCharset();

  private ForeignMounts() {}

  /** Links the system calls now (the one-time cost) and returns them; throws where they cannot be linked. */
  static MountSyscalls linked() {
    Libc.touch();
    return INSTANCE;
  }

  @Override
  public int mount(String source, Path target, String fsType, long flags, String data) {
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment state = arena.allocate(Libc.CALL_STATE);
      MemorySegment cData = data.isEmpty() ? MemorySegment.NULL : arena.allocateFrom(data, StandardCharsets.UTF_8);
      int rc = (int) Libc.MOUNT.invokeExact(state, arena.allocateFrom(source, PATHS), path(arena, target),
          arena.allocateFrom(fsType, StandardCharsets.UTF_8), flags, cData);
      return rc == 0 ? 0 : errno(state);
    } catch (Throwable t) {
      throw unexpected("mount", target, t);
    }
  }

  @Override
  public int umount2(Path target, int flags) {
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment state = arena.allocate(Libc.CALL_STATE);
      int rc = (int) Libc.UMOUNT2.invokeExact(state, path(arena, target), flags);
      return rc == 0 ? 0 : errno(state);
    } catch (Throwable t) {
      throw unexpected("umount2", target, t);
    }
  }

  private static MemorySegment path(Arena arena, Path path) {
    return arena.allocateFrom(path.toString(), PATHS);
  }

  private static int errno(MemorySegment state) {
    return state.get(ValueLayout.JAVA_INT, Libc.ERRNO_OFFSET);
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


  /** The two downcall handles, linked once when {@link #linked()} first runs. */
  @SuppressWarnings("restricted") // linking C functions is the point; the launcher enables native access
  private static final class Libc {
    static final MemoryLayout CALL_STATE = Linker.Option.captureStateLayout();
    static final long ERRNO_OFFSET = CALL_STATE.byteOffset(MemoryLayout.PathElement.groupElement("errno"));
    /** int mount(const char *source, const char *target, const char *type, unsigned long flags, const void *data) */
    static final MethodHandle MOUNT;
    /** int umount2(const char *target, int flags) */
    static final MethodHandle UMOUNT2;

    static {
      ForeignLinking.requireGenericLinux("mount system calls");
      Linker linker = Linker.nativeLinker();
      SymbolLookup libc = linker.defaultLookup();
      Linker.Option errno = Linker.Option.captureCallState("errno");
      ValueLayout pointer = ValueLayout.ADDRESS;
      MOUNT = linker.downcallHandle(find(libc, "mount"), FunctionDescriptor.of(ValueLayout.JAVA_INT, pointer,
          pointer, pointer, ValueLayout.JAVA_LONG, pointer), errno);
      UMOUNT2 = linker.downcallHandle(find(libc, "umount2"), FunctionDescriptor.of(ValueLayout.JAVA_INT, pointer,
          ValueLayout.JAVA_INT), errno);
    }

    static void touch() {
      // class initialisation above is the linking
    }

    private static MemorySegment find(SymbolLookup lookup, String name) {
      return lookup.find(name).orElseThrow(() -> new UnsupportedOperationException(
          "the C library has no " + name + " function"));
    }
  }
}
