package dev.stowage.secrets;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetEncoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * The bytes of one secret, held in memory for as short a time as possible.
 *
 * <ul>
 *   <li>{@link #toString()} is constant and {@code equals}/{@code hashCode} are identity, so a value in a log
 *       line, a message or a map key shows nothing about its content;
 *   <li>no method returns a {@code String} or the array; the few callers that need the bytes (writing a tmpfs
 *       file, building the leak matcher, setting a process variable) call {@link #reveal} and get a read-only
 *       view for the duration of the call;
 *   <li>{@link #close()} zero-fills the array; after it, {@link #reveal} fails loudly rather than handing out
 *       zeros;
 *   <li>it is not {@code Serializable} (an {@code ObjectOutputStream} refuses it, and any object holding it), it
 *       has no bean getters (Jackson finds no property and fails on an empty bean), and the array field is
 *       {@code transient} so a mapper configured to read fields skips it too.
 * </ul>
 *
 * <p>Heap dumps and swap are out of scope: the JVM may have copied the bytes before we zero them.
 */
public final class SecretValue implements AutoCloseable {
  private static final String REDACTED = "SecretValue[****]";

  // transient: Jackson ignores transient fields even when field visibility is opened up.
  private final transient byte[] bytes;
  private boolean closed;

  private SecretValue(byte[] bytes) {
    this.bytes = bytes;
  }

  /** Takes ownership of {@code bytes} without copying; {@link #close()} zero-fills that very array. */
  public static SecretValue adopt(byte[] bytes) {
    return new SecretValue(Objects.requireNonNull(bytes, "bytes"));
  }

  /** Copies {@code bytes}; the caller still owns (and should zero) its array. */
  public static SecretValue copyOf(byte[] bytes) {
    return new SecretValue(bytes.clone());
  }

  /** Copies {@code length} bytes from {@code offset}. */
  public static SecretValue copyOf(byte[] bytes, int offset, int length) {
    Objects.checkFromIndexSize(offset, length, bytes.length);
    return new SecretValue(Arrays.copyOfRange(bytes, offset, offset + length));
  }

  /**
   * Encodes {@code chars} (a password from a console or a credential helper) as UTF-8 without making a
   * {@code String}. The caller still owns and should zero {@code chars}.
   */
  public static SecretValue fromChars(char[] chars) {
    CharsetEncoder encoder =
        StandardCharsets.UTF_8
            .newEncoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);
    ByteBuffer encoded;
    try {
      encoded = encoder.encode(CharBuffer.wrap(chars));
    } catch (CharacterCodingException e) {
      throw new IllegalArgumentException("the secret is not valid UTF-16 text (an unpaired surrogate)");
    }
    byte[] out = new byte[encoded.remaining()];
    encoded.get(out);
    if (encoded.hasArray()) {
      Arrays.fill(encoded.array(), (byte) 0);
    }
    return new SecretValue(out);
  }

  /**
   * Encodes text that is already a {@code String} (an environment variable, a build-arg value) as UTF-8. Use
   * only where the text reached the JVM as a {@code String} anyway.
   */
  public static SecretValue ofUtf8(CharSequence text) {
    char[] chars = new char[text.length()];
    for (int i = 0; i < chars.length; i++) {
      chars[i] = text.charAt(i);
    }
    try {
      return fromChars(chars);
    } finally {
      Arrays.fill(chars, '\0');
    }
  }

  /** The number of bytes; knowing the length of a secret is accepted, its content is not. */
  public synchronized int length() {
    requireOpen();
    return bytes.length;
  }

  /**
   * Lends the bytes to {@code reader} as a read-only buffer, valid only during the call. Callers outside
   * {@code secrets} and {@code runtime} should not need this (an architecture test enforces who calls it).
   */
  public synchronized void reveal(Consumer<ByteBuffer> reader) {
    requireOpen();
    reader.accept(ByteBuffer.wrap(bytes).asReadOnlyBuffer());
  }

  /** Whether {@link #close()} has run. Not named {@code isClosed}, so Jackson does not see a property. */
  public synchronized boolean closed() {
    return closed;
  }

  /** Zero-fills the bytes. Idempotent. */
  @Override
  public synchronized void close() {
    Arrays.fill(bytes, (byte) 0);
    closed = true;
  }

  private void requireOpen() {
    if (closed) {
      throw new IllegalStateException("this secret value was closed (zero-filled) and can no longer be used");
    }
  }

  @Override
  public String toString() {
    return REDACTED;
  }
}
