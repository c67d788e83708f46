package dev.stowage.oci.archive;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.zip.CRC32;
import java.util.zip.Deflater;

/**
 * gzip compressed on several cores, as pigz does it: the input is cut into fixed 1 MiB blocks, each deflated on its
 * own with the previous block's last 32 KiB as preset dictionary and ended with a sync flush, and the pieces are
 * written in order. The output is one ordinary gzip member that any gunzip reads, and it depends only on the input
 * and the level, never on the number of threads, so layers stay reproducible. The header is fixed (no name,
 * mtime 0, OS unknown), as Go writes it.
 */
final class ParallelGzipOutputStream extends OutputStream {
  static final int BLOCK = 1 << 20;
  private static final int DICTIONARY = 32 << 10;
  private static final ExecutorService SHARED = Executors.newFixedThreadPool(
      Math.max(1, Runtime.getRuntime().availableProcessors()), runnable -> {
        Thread thread = new Thread(runnable, "stowage-gzip");
        thread.setDaemon(true);
        return thread;
      });

  private final OutputStream out;
  private final int level;
  private final ExecutorService pool;
  private final int maxPending;
  private final Deque<Future<byte[]>> pending = new ArrayDeque<>();
  private final CRC32 crc = new CRC32();
  private byte[] block = new byte[BLOCK];
  private int filled;
  private byte[] dictionary;
  private long inputSize;
  private boolean finished;

  ParallelGzipOutputStream(OutputStream out, int level) throws IOException {
    this(out, level, SHARED, 2 * Math.max(1, Runtime.getRuntime().availableProcessors()));
  }

  ParallelGzipOutputStream(OutputStream out, int level, ExecutorService pool, int maxPending) throws IOException {
    this.out = out;
    this.level = level;
    this.pool = pool;
    this.maxPending = Math.max(1, maxPending);
    int xfl = level == Deflater.BEST_COMPRESSION ? 2 : level == Deflater.BEST_SPEED ? 4 : 0;
    out.write(new byte[] {0x1f, (byte) 0x8b, 8, 0, 0, 0, 0, 0, (byte) xfl, (byte) 0xff});
  }

  @Override
  public void write(int b) throws IOException {
    write(new byte[] {(byte) b}, 0, 1);
  }

  @Override
  public void write(byte[] b, int off, int len) throws IOException {
    if (finished) {
      throw new IOException("gzip stream already finished");
    }
    crc.update(b, off, len);
    inputSize += len;
    while (len > 0) {
      int n = Math.min(len, BLOCK - filled);
      System.arraycopy(b, off, block, filled, n);
      filled += n;
      off += n;
      len -= n;
      if (filled == BLOCK) {
        submit(false);
      }
    }
  }

  private void submit(boolean last) throws IOException {
    byte[] data = block;
    int length = filled;
    byte[] dict = dictionary;
    pending.add(pool.submit(() -> deflate(data, length, dict, last, level)));
    if (!last) {
      dictionary = Arrays.copyOfRange(data, length - DICTIONARY, length);
      block = new byte[BLOCK];
      filled = 0;
    }
    while (pending.size() > maxPending) {
      writeOldest();
    }
  }

  private void writeOldest() throws IOException {
    Future<byte[]> oldest = pending.removeFirst();
    try {
      out.write(oldest.get());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      pending.forEach(f -> f.cancel(true));
      throw new InterruptedIOException("interrupted while compressing");
    } catch (ExecutionException e) {
      pending.forEach(f -> f.cancel(true));
      throw new IOException("compressing a gzip block failed: " + e.getCause(), e.getCause());
    }
  }

  static byte[] deflate(byte[] data, int length, byte[] dictionary, boolean last, int level) {
    Deflater deflater = new Deflater(level, true);
    try {
      if (dictionary != null) {
        deflater.setDictionary(dictionary);
      }
      deflater.setInput(data, 0, length);
      if (last) {
        deflater.finish();
      }
      ByteArrayOutputStream result = new ByteArrayOutputStream(length / 2 + 64);
      byte[] buffer = new byte[64 * 1024];
      while (true) {
        int n = deflater.deflate(buffer, 0, buffer.length, last ? Deflater.NO_FLUSH : Deflater.SYNC_FLUSH);
        result.write(buffer, 0, n);
        if (last ? deflater.finished() : (n < buffer.length && deflater.needsInput())) {
          return result.toByteArray();
        }
      }
    } finally {
      deflater.end();
    }
  }

  /** Compresses what is left, writes the trailer; the underlying stream stays open. */
  void finish() throws IOException {
    if (finished) {
      return;
    }
    finished = true;
    submit(true);
    while (!pending.isEmpty()) {
      writeOldest();
    }
    long value = crc.getValue();
    long size = inputSize & 0xffffffffL;
    out.write(new byte[] {
      (byte) value, (byte) (value >> 8), (byte) (value >> 16), (byte) (value >> 24),
      (byte) size, (byte) (size >> 8), (byte) (size >> 16), (byte) (size >> 24)
    });
  }

  @Override
  public void flush() throws IOException {
    out.flush();
  }

  @Override
  public void close() throws IOException {
    try {
      finish();
    } finally {
      out.close();
    }
  }
}
