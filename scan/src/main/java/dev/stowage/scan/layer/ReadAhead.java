package dev.stowage.scan.layer;

import dev.stowage.scan.ScanException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Reads a {@link LayerStream} on a thread of its own, a few buffers ahead of the scan: verifying, decompressing
 * and hashing overlap with tar parsing and matching, so a scan runs near the speed of the slower half instead of
 * their sum. Memory stays at {@value #BUFFERS} buffers of {@value #BUFFER_BYTES} bytes. A failure of the reading
 * thread surfaces to the reader at the point in the stream where it happened.
 */
public final class ReadAhead extends InputStream {
  static final int BUFFERS = 8;
  static final int BUFFER_BYTES = 256 * 1024;

  private record Chunk(byte[] bytes, int length) {}

  private static final Chunk END = new Chunk(new byte[0], -1);

  private final LayerStream source;
  private final BlockingQueue<byte[]> free = new ArrayBlockingQueue<>(BUFFERS);
  private final BlockingQueue<Chunk> full = new ArrayBlockingQueue<>(BUFFERS + 1);
  private final Thread reader;
  private volatile boolean closed;
  private volatile Throwable failure;
  private Chunk current;
  private int position;
  private boolean ended;

  private ReadAhead(LayerStream source, String name) {
    this.source = source;
    for (int i = 0; i < BUFFERS; i++) {
      free.add(new byte[BUFFER_BYTES]);
    }
    this.reader = Thread.ofPlatform().daemon().name("scan-read-" + name).unstarted(this::produce);
  }

  /** Starts reading {@code source} ahead; the caller keeps closing {@code source}. */
  public static ReadAhead start(LayerStream source, String name) {
    ReadAhead ahead = new ReadAhead(source, name);
    ahead.reader.start();
    return ahead;
  }

  private void produce() {
    try {
      while (!closed) {
        byte[] buffer = take(free);
        if (buffer == null) {
          return;
        }
        int n = 0;
        while (n < buffer.length) {
          int r = source.read(buffer, n, buffer.length - n);
          if (r < 0) {
            break;
          }
          n += r;
        }
        if (n == 0) {
          break;
        }
        if (!put(new Chunk(buffer, n))) {
          return;
        }
        if (n < buffer.length) {
          break;
        }
      }
      if (!closed) {
        source.finish(); // the end of the tar data: verify the digests before the reader sees the end
      }
    } catch (RuntimeException | Error e) {
      failure = e;
    }
    put(END);
  }

  private <T> T take(BlockingQueue<T> queue) {
    try {
      while (!closed) {
        T item = queue.poll(100, TimeUnit.MILLISECONDS);
        if (item != null) {
          return item;
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return null;
  }

  private boolean put(Chunk chunk) {
    try {
      while (!closed) {
        if (full.offer(chunk, 100, TimeUnit.MILLISECONDS)) {
          return true;
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return false;
  }

  @Override
  public int read() {
    byte[] one = new byte[1];
    int n = read(one, 0, 1);
    return n < 0 ? -1 : one[0] & 0xff;
  }

  @Override
  public int read(byte[] b, int off, int len) {
    if (len == 0) {
      return 0;
    }
    while (current == null || position == current.length()) {
      if (ended) {
        return -1;
      }
      if (current != null) {
        free.add(current.bytes());
        current = null;
      }
      Chunk next;
      try {
        next = full.take();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new ScanException("interrupted while reading a layer", new InterruptedIOException());
      }
      if (next == END) {
        ended = true;
        Throwable error = failure;
        if (error instanceof RuntimeException r) {
          throw r;
        }
        if (error instanceof Error err) {
          throw err;
        }
        return -1;
      }
      current = next;
      position = 0;
    }
    int n = Math.min(len, current.length() - position);
    System.arraycopy(current.bytes(), position, b, off, n);
    position += n;
    return n;
  }

  /** Reads to the end: the layer's padding and the digest checks, which fail here if the layer is wrong. */
  public void finish() {
    byte[] sink = new byte[64 * 1024];
    while (read(sink, 0, sink.length) >= 0) {
      // discard
    }
  }

  @Override
  public void close() {
    closed = true;
    full.clear();
    try {
      reader.join(TimeUnit.SECONDS.toMillis(10));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
