package dev.stowage.oci;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;
import java.nio.ByteBuffer;
import java.security.DigestException;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.function.Supplier;

/**
 * SHA-256 by the system's libcrypto (OpenSSL 3: SHA-NI or AVX2 code, about 1.3 GB/s here) through the foreign
 * function API: the same bytes, whatever the JIT. The launcher runs the JVM with C1 only, which halves a short
 * build's CPU, and C1 has no SHA-256 intrinsic (the JDK's own digest runs 7 times slower there); hashing a GiB
 * layer must not depend on C2. Compiled for Java 22 and reached only through {@link NativeDigests}.
 */
@SuppressWarnings("restricted")
final class ForeignSha256 extends MessageDigest implements Cloneable {
  /** {@code sizeof(SHA256_CTX)} is 112 bytes in OpenSSL 1.1 and 3; a little more is harmless. */
  private static final long CONTEXT_BYTES = 128;
  private static final int DIGEST_BYTES = 32;

  /**
   * {@code int SHA256_Init(ctx)}, {@code int SHA256_Update(ctx, data, len)} and {@code int SHA256_Final(md, ctx)},
   * all through one function descriptor, {@code int (void *, void *, size_t)}: the JDK generates a downcall stub per
   * descriptor at run time (a cold JVM spends milliseconds on each, and its C1 compiles what generating them ran), and
   * on every 64-bit Linux calling convention this class links on ({@link ForeignLinking#requireGenericLinux}: x86-64,
   * AArch64, RISC-V, POWER, s390x) the first five integer arguments travel in registers, which a function taking
   * fewer simply does not read. Init and Final pass NULL and 0 for what they do not take.
   */
  private static final MethodHandle INIT_UPDATE_FINAL;
  private static final MemorySegment INIT;
  private static final MemorySegment UPDATE;
  private static final MemorySegment FINAL;

  static {
    ForeignLinking.requireGenericLinux("libcrypto calls"); // size_t is a long there
    Linker linker = Linker.nativeLinker();
    SymbolLookup crypto = SymbolLookup.libraryLookup("libcrypto.so.3", Arena.global());
    // critical: no safepoint around these short calls, and heap arrays are passed as they are (no copy).
    INIT_UPDATE_FINAL = linker.downcallHandle(FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, JAVA_LONG),
        Linker.Option.critical(true));
    INIT = crypto.find("SHA256_Init").orElseThrow();
    UPDATE = crypto.find("SHA256_Update").orElseThrow();
    FINAL = crypto.find("SHA256_Final").orElseThrow();
  }

  private MemorySegment context;

  private ForeignSha256() {
    super("SHA-256");
    context = Arena.ofAuto().allocate(CONTEXT_BYTES, 16);
    engineReset();
  }

  /**
   * Links libcrypto and checks it against a known answer; the factory of digests (called reflectively).
   *
   * @throws IllegalStateException when libcrypto answers wrongly
   */
  static Supplier<MessageDigest> linked() {
    ForeignSha256 probe = new ForeignSha256();
    probe.update("abc".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
    String abc = HexFormat.of().formatHex(probe.digest());
    if (!abc.equals("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")) {
      throw new IllegalStateException("libcrypto's SHA-256 of 'abc' is " + abc);
    }
    return ForeignSha256::new;
  }

  @Override
  protected void engineUpdate(byte input) {
    engineUpdate(new byte[] {input}, 0, 1);
  }

  @Override
  protected void engineUpdate(byte[] input, int offset, int length) {
    if (length == 0) {
      return;
    }
    update(MemorySegment.ofArray(input).asSlice(offset, length), length);
  }

  @Override
  protected void engineUpdate(ByteBuffer input) {
    int length = input.remaining();
    if (length == 0) {
      return;
    }
    MemorySegment bytes = input.isDirect() || !input.hasArray()
        ? MemorySegment.ofBuffer(input)
        : MemorySegment.ofArray(input.array()).asSlice(input.arrayOffset() + input.position(), length);
    update(bytes, length);
    input.position(input.limit());
  }

  @Override
  protected byte[] engineDigest() {
    byte[] out = new byte[DIGEST_BYTES];
    finish(MemorySegment.ofArray(out));
    return out;
  }

  @Override
  protected int engineDigest(byte[] buf, int offset, int length) throws DigestException {
    if (length < DIGEST_BYTES) {
      throw new DigestException("a SHA-256 digest needs 32 bytes, not " + length);
    }
    finish(MemorySegment.ofArray(buf).asSlice(offset, DIGEST_BYTES));
    return DIGEST_BYTES;
  }

  @Override
  protected int engineGetDigestLength() {
    return DIGEST_BYTES;
  }

  @Override
  protected void engineReset() {
    try {
      int ok = (int) INIT_UPDATE_FINAL.invokeExact(INIT, context, MemorySegment.NULL, 0L);
      check(ok, "SHA256_Init");
    } catch (Throwable t) {
      throw rethrow(t);
    }
  }

  @Override
  public Object clone() throws CloneNotSupportedException {
    ForeignSha256 copy = (ForeignSha256) super.clone();
    copy.context = Arena.ofAuto().allocate(CONTEXT_BYTES, 16);
    copy.context.copyFrom(context);
    return copy;
  }

  private void finish(MemorySegment out) {
    try {
      int ok = (int) INIT_UPDATE_FINAL.invokeExact(FINAL, out, context, 0L);
      check(ok, "SHA256_Final");
    } catch (Throwable t) {
      throw rethrow(t);
    }
    engineReset();
  }

  private void update(MemorySegment bytes, long length) {
    try {
      int ok = (int) INIT_UPDATE_FINAL.invokeExact(UPDATE, context, bytes, length);
      check(ok, "SHA256_Update");
    } catch (Throwable t) {
      throw rethrow(t);
    }
  }

  private static void check(int ok, String function) {
    if (ok != 1) {
      throw new IllegalStateException("libcrypto's " + function + " failed");
    }
  }

  private static RuntimeException rethrow(Throwable t) {
    if (t instanceof RuntimeException runtime) {
      return runtime;
    }
    if (t instanceof Error error) {
      throw error;
    }
    return new IllegalStateException(t);
  }
}
