package dev.stowage.secrets.redact;

import java.io.ByteArrayOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/**
 * Copies a byte stream, replacing every occurrence of a secret (in any form {@link SecretMatcher} searches)
 * with {@value #MASK}; overlapping or adjacent occurrences become a single mask.
 *
 * <p>Matches split across {@code write} calls are found because the stream holds back the shortest tail that
 * could still be the beginning of a secret, never more than the longest form minus one byte. A write that
 * ends in anything else is passed on whole, so a console that writes line by line sees each complete line at
 * once unless the line ends in the start of a secret. {@link #flush()} does not release the held-back tail
 * (that would defeat the matching); {@link #close()} does, then closes the target.
 *
 * <p>Not thread-safe: give stdout and stderr a stream each.
 */
public final class RedactingOutputStream extends FilterOutputStream {
  /** What a secret is replaced with. */
  public static final String MASK = "****";

  private static final byte[] MASK_BYTES = MASK.getBytes(StandardCharsets.US_ASCII);

  private final SecretMatcher.Session session;
  private final boolean passThrough;
  private byte[] pending = new byte[0]; // stream bytes [emitted, emitted + pendingLength) not yet written
  private int pendingLength;
  private long emitted; // stream offset of the first byte not yet written
  private boolean lastWrittenMasked; // whether the byte before 'emitted' was inside a mask
  private long[] maskStart = new long[4]; // masked ranges at or after 'emitted', sorted and disjoint
  private long[] maskEnd = new long[4];
  private int maskCount;
  private boolean closed;

  public RedactingOutputStream(OutputStream target, SecretMatcher matcher) {
    super(target);
    this.session = matcher.newSession();
    this.passThrough = matcher.isEmpty();
  }

  /** {@code data} with every secret masked; for a message or a log line that is already in memory. */
  public static byte[] redact(SecretMatcher matcher, byte[] data) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(data.length);
    try (RedactingOutputStream redacting = new RedactingOutputStream(out, matcher)) {
      redacting.write(data);
    } catch (IOException e) {
      throw new IllegalStateException("writing to memory failed", e);
    }
    return out.toByteArray();
  }

  /** {@code text} with every secret masked, matching on its UTF-8 bytes. */
  public static String redact(SecretMatcher matcher, String text) {
    return new String(redact(matcher, text.getBytes(StandardCharsets.UTF_8)), StandardCharsets.UTF_8);
  }

  @Override
  public void write(int b) throws IOException {
    write(new byte[] {(byte) b}, 0, 1);
  }

  @Override
  public void write(byte[] data, int offset, int length) throws IOException {
    java.util.Objects.checkFromIndexSize(offset, length, data.length);
    if (closed) {
      throw new IOException("the redacting stream is closed");
    }
    if (passThrough) {
      out.write(data, offset, length);
      return;
    }
    List<SecretMatch> matches = session.feed(data, offset, length);
    for (SecretMatch match : matches) {
      addMask(Math.max(match.start(), emitted), match.end());
    }
    long consumed = session.position();
    long release = consumed - session.pending();
    // Bytes already known to be masked are settled too: release through them.
    for (int i = 0; i < maskCount; i++) {
      if (maskStart[i] <= release && release < maskEnd[i]) {
        release = maskEnd[i];
      }
    }
    emit(release, data, offset, consumed - length);
    keepTail(consumed, data, offset, length);
  }

  /** Adds the masked range {@code [start, end)}, merging ranges that overlap or touch. */
  private void addMask(long start, long end) {
    if (start >= end) {
      return;
    }
    // Matches arrive by increasing end; a new range can only swallow ranges at the tail of the list.
    while (maskCount > 0 && maskEnd[maskCount - 1] >= start) {
      maskCount--;
      start = Math.min(start, maskStart[maskCount]);
      end = Math.max(end, maskEnd[maskCount]);
    }
    if (maskCount == maskStart.length) {
      maskStart = Arrays.copyOf(maskStart, maskCount * 2);
      maskEnd = Arrays.copyOf(maskEnd, maskCount * 2);
    }
    maskStart[maskCount] = start;
    maskEnd[maskCount] = end;
    maskCount++;
  }

  /**
   * Writes stream bytes {@code [emitted, release)}: those still pending, then those of the current chunk, which
   * starts at stream offset {@code chunkStart}.
   */
  private void emit(long release, byte[] chunk, int chunkOffset, long chunkStart) throws IOException {
    long at = emitted;
    int m = 0;
    while (at < release) {
      while (m < maskCount && maskEnd[m] <= at) {
        m++;
      }
      if (m < maskCount && maskStart[m] <= at) {
        if (!(at == emitted && lastWrittenMasked)) {
          out.write(MASK_BYTES);
        }
        at = Math.min(maskEnd[m], release);
        lastWrittenMasked = true;
        emitted = at;
        continue;
      }
      long plainEnd = m < maskCount ? Math.min(maskStart[m], release) : release;
      writePlain(at, plainEnd, chunk, chunkOffset, chunkStart);
      at = plainEnd;
      lastWrittenMasked = false;
      emitted = at;
    }
    // Drop the ranges that are fully written.
    int keep = 0;
    for (int i = 0; i < maskCount; i++) {
      if (maskEnd[i] > emitted) {
        maskStart[keep] = Math.max(maskStart[i], emitted);
        maskEnd[keep] = maskEnd[i];
        keep++;
      }
    }
    maskCount = keep;
  }

  private void writePlain(long from, long to, byte[] chunk, int chunkOffset, long chunkStart) throws IOException {
    long pendingStart = chunkStart - pendingLength;
    if (from < chunkStart) {
      long until = Math.min(to, chunkStart);
      out.write(pending, (int) (from - pendingStart), (int) (until - from));
      from = until;
    }
    if (from < to) {
      out.write(chunk, chunkOffset + (int) (from - chunkStart), (int) (to - from));
    }
  }

  /** Keeps stream bytes {@code [emitted, consumed)} for the next write. */
  private void keepTail(long consumed, byte[] chunk, int chunkOffset, int chunkLength) {
    long chunkStart = consumed - chunkLength;
    long pendingStart = chunkStart - pendingLength;
    int tail = (int) (consumed - emitted);
    byte[] next = tail <= pending.length ? pending : new byte[Math.max(tail, pending.length * 2)];
    int filled = 0;
    if (emitted < chunkStart) {
      int fromPending = (int) (chunkStart - emitted);
      System.arraycopy(pending, (int) (emitted - pendingStart), next, 0, fromPending);
      filled = fromPending;
    }
    int fromChunk = tail - filled;
    System.arraycopy(chunk, chunkOffset + chunkLength - fromChunk, next, filled, fromChunk);
    if (next != pending) {
      Arrays.fill(pending, (byte) 0);
      pending = next;
    } else {
      Arrays.fill(pending, tail, pending.length, (byte) 0);
    }
    pendingLength = tail;
  }

  /** Flushes what is settled; the held-back tail stays until more bytes or {@link #close()} settle it. */
  @Override
  public void flush() throws IOException {
    out.flush();
  }

  /** Writes the held-back tail (masked where a match covers it), zero-fills it, and closes the target. */
  @Override
  public void close() throws IOException {
    if (closed) {
      return;
    }
    closed = true;
    try {
      if (!passThrough) {
        long consumed = session.position();
        emit(consumed, pending, 0, consumed);
      }
    } finally {
      Arrays.fill(pending, (byte) 0);
      pendingLength = 0;
      out.close();
    }
  }
}
