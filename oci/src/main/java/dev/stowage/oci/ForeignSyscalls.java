package dev.stowage.oci;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.util.Optional;

/**
 * The Linux system calls Stowage makes through {@code java.lang.foreign}, all through one downcall of the C
 * library's {@code long syscall(long number, ...)}. The JDK generates a downcall stub (a hidden class and a dozen
 * LambdaForms: milliseconds each in a cold JVM, and not kept by the AOT cache) per function descriptor, so one
 * descriptor for six calls is one stub where six C functions were six. Compiled for Java 22 with the other
 * {@code Foreign*} classes; its users are reached through {@link ForeignLinking}, whose fallbacks apply where this
 * class does not initialise.
 *
 * <p>Each method returns what the kernel returns, or -1 with the errno in {@code state} (from
 * {@link #callState(Arena)}, read with {@link #errno(MemorySegment)}). Pointers are passed as their addresses, so
 * the caller keeps their memory alive for the call (a confined arena it has open does). Methods declare
 * {@code Throwable} because {@link MethodHandle#invokeExact} does; callers keep their own handling of the
 * unexpected.
 */
@SuppressWarnings("restricted") // linking a C function is the point; the launcher enables native access
public final class ForeignSyscalls {
  /** This architecture's system call numbers; checked first, so elsewhere nothing is linked. */
  private static final Numbers NUMBERS = Numbers.forArch(System.getProperty("os.name", ""),
      System.getProperty("os.arch", ""));

  /** x86-64's {@code __X32_SYSCALL_BIT} and its getpid (arch/x86/entry/syscalls/syscall_64.tbl: 39, common). */
  private static final long X32_SYSCALL_BIT = 0x40000000L;
  private static final long X86_64_GETPID = 39;

  private static final StructLayout CALL_STATE = (StructLayout) Linker.Option.captureStateLayout();
  private static final long ERRNO_OFFSET = offsetOf(CALL_STATE, "errno");

  /**
   * {@code long syscall(long number, ...)} with the fewest arguments that cover every call here (statx, mount and
   * lsetxattr take five), all {@code long}: the calls with fewer pass zeros, which the kernel does not read.
   */
  private static final MethodHandle SYSCALL;

  static {
    Linker linker = Linker.nativeLinker();
    Optional<MemorySegment> syscall = linker.defaultLookup().find("syscall");
    if (syscall.isEmpty()) {
      throw new UnsupportedOperationException("the C library has no syscall function");
    }
    ValueLayout word = ValueLayout.JAVA_LONG;
    SYSCALL = linker.downcallHandle(syscall.get(), FunctionDescriptor.of(word, word, word, word, word, word, word),
        Linker.Option.firstVariadicArg(1), Linker.Option.captureCallState("errno"));
  }

  private ForeignSyscalls() {}

  /** Links the downcall now (the one-time cost); throws where it cannot be linked. */
  public static void link() {
    // class initialisation above is the linking
  }

  /** Memory for the errno a call leaves, to pass as a call's {@code state}. */
  public static MemorySegment callState(Arena arena) {
    return arena.allocate(CALL_STATE);
  }

  /** The errno the last call given {@code state} failed with. */
  public static int errno(MemorySegment state) {
    return state.get(ValueLayout.JAVA_INT, ERRNO_OFFSET);
  }

  /**
   * {@code int mount(const char *source, const char *target, const char *type, unsigned long flags,
   * const void *data)}
   */
  public static long mount(MemorySegment state, MemorySegment source, MemorySegment target, MemorySegment type,
      long flags, MemorySegment data) throws Throwable {
    return (long) SYSCALL.invokeExact(state, NUMBERS.mount, source.address(), target.address(), type.address(),
        flags, data.address());
  }

  /** {@code int umount2(const char *target, int flags)} */
  public static long umount2(MemorySegment state, MemorySegment target, int flags) throws Throwable {
    return (long) SYSCALL.invokeExact(state, NUMBERS.umount2, target.address(), (long) flags, 0L, 0L, 0L);
  }

  /** {@code ssize_t llistxattr(const char *path, char *list, size_t size)} */
  public static long llistxattr(MemorySegment state, MemorySegment path, MemorySegment list, long size)
      throws Throwable {
    return (long) SYSCALL.invokeExact(state, NUMBERS.llistxattr, path.address(), list.address(), size, 0L, 0L);
  }

  /** {@code ssize_t lgetxattr(const char *path, const char *name, void *value, size_t size)} */
  public static long lgetxattr(MemorySegment state, MemorySegment path, MemorySegment name, MemorySegment value,
      long size) throws Throwable {
    return (long) SYSCALL.invokeExact(state, NUMBERS.lgetxattr, path.address(), name.address(), value.address(),
        size, 0L);
  }

  /** {@code int lsetxattr(const char *path, const char *name, const void *value, size_t size, int flags)} */
  public static long lsetxattr(MemorySegment state, MemorySegment path, MemorySegment name, MemorySegment value,
      long size, int flags) throws Throwable {
    return (long) SYSCALL.invokeExact(state, NUMBERS.lsetxattr, path.address(), name.address(), value.address(),
        size, (long) flags);
  }

  /** {@code int statx(int dirfd, const char *path, int flags, unsigned int mask, struct statx *buf)} */
  public static long statx(MemorySegment state, int dirfd, MemorySegment path, int flags, int mask,
      MemorySegment buf) throws Throwable {
    // dirfd and flags are C ints: sign-extended (AT_FDCWD is negative), the kernel reads the low 32 bits; mask is
    // unsigned.
    return (long) SYSCALL.invokeExact(state, NUMBERS.statx, (long) dirfd, path.address(), (long) flags,
        Integer.toUnsignedLong(mask), buf.address());
  }

  /**
   * {@code pid_t getpid(void)} through the x32 ABI (x86-64's syscall number with {@code __X32_SYSCALL_BIT}): this
   * process's id where the kernel runs x32 calls, -1 with ENOSYS where it does not. A seccomp filter of this
   * process's own that leaves x32 out kills the caller instead, so check there is none first.
   *
   * @throws UnsupportedOperationException on any architecture but x86-64
   */
  public static long x32Getpid(MemorySegment state) throws Throwable {
    if (NUMBERS != Numbers.X86_64) {
      throw new UnsupportedOperationException("the x32 ABI exists on x86-64 only");
    }
    return (long) SYSCALL.invokeExact(state, X32_SYSCALL_BIT | X86_64_GETPID, 0L, 0L, 0L, 0L, 0L);
  }

  /**
   * Where the member {@code name} starts: the sizes of the members before it (padding is a member too). Not
   * {@code byteOffset(PathElement...)}: a layout path costs a cold JVM milliseconds for one number.
   */
  static long offsetOf(StructLayout struct, String name) {
    long offset = 0;
    for (MemoryLayout member : struct.memberLayouts()) {
      if (name.equals(member.name().orElse(null))) {
        return offset;
      }
      offset += member.byteSize();
    }
    throw new UnsupportedOperationException("the C call state " + struct + " has no " + name);
  }

  /** The numbers of the six calls on one architecture. */
  record Numbers(long mount, long umount2, long llistxattr, long lgetxattr, long lsetxattr, long statx) {
    /** x86-64: the kernel's arch/x86/entry/syscalls/syscall_64.tbl. */
    static final Numbers X86_64 = new Numbers(165, 166, 195, 192, 189, 332);
    /** aarch64 (arm64) uses the generic table, the kernel's include/uapi/asm-generic/unistd.h. */
    static final Numbers AARCH64 = new Numbers(40, 39, 12, 9, 6, 291);

    static Numbers forArch(String os, String arch) {
      Numbers numbers = !os.equals("Linux") ? null : switch (arch) {
        case "amd64", "x86_64" -> X86_64;
        case "aarch64" -> AARCH64;
        default -> null;
      };
      if (numbers == null) {
        throw new UnsupportedOperationException(
            "system call numbers are known for Linux on x86-64 and aarch64 only, not " + os + " on " + arch);
      }
      return numbers;
    }
  }
}
