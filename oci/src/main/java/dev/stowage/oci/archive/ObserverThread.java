package dev.stowage.oci.archive;

import java.io.InterruptedIOException;
import java.io.UncheckedIOException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * Runs a {@link ContentObserver} on a thread of its own, so that a slow observer works on another core while the
 * layer is written: the leak guard reads every byte of a layer at a few hundred MB/s, which a layer's tar and
 * SHA-256 would otherwise wait for. The observer gets the same calls in the same order; content is copied (the
 * writer reuses its buffer) into a few recycled buffers, so a fast writer waits for a slow observer instead of
 * queueing the layer in memory. What the observer throws reaches the writer at its next call and at
 * {@link #endLayer}, so a layer the observer rejects is never committed. {@link #close} stops the thread, which
 * matters when the writer fails and never calls {@code endLayer}.
 */
public final class ObserverThread implements ContentObserver, AutoCloseable {
  private static final int BUFFERS = 8;
  private static final int BUFFER_BYTES = 64 * 1024;

  private record Call(int kind, TarHeader header, byte[] bytes, int length) {}

  private static final int START = 0;
  private static final int CONTENT = 1;
  private static final int END = 2;
  private static final Call STOP = new Call(3, null, null, 0);

  private final ContentObserver observer;
  private final BlockingQueue<Call> calls = new ArrayBlockingQueue<>(BUFFERS);
  private final BlockingQueue<byte[]> spare = new ArrayBlockingQueue<>(BUFFERS + 1);
  private final Thread thread;
  private volatile Throwable failure; // what the observer threw: a RuntimeException or an Error

  /** Starts the thread, named {@code name}. */
  public ObserverThread(ContentObserver observer, String name) {
    this.observer = observer;
    this.thread = Thread.ofPlatform().daemon().name(name).start(this::work);
  }

  @Override
  public void startEntry(TarHeader header) {
    put(new Call(START, header, null, 0));
  }

  @Override
  public void content(byte[] buffer, int offset, int length) {
    byte[] copy = spare.poll();
    if (copy == null || copy.length < length) {
      copy = new byte[Math.max(length, BUFFER_BYTES)];
    }
    System.arraycopy(buffer, offset, copy, 0, length);
    put(new Call(CONTENT, null, copy, length));
  }

  @Override
  public void endEntry(TarHeader header) {
    put(new Call(END, header, null, 0));
  }

  /** Waits until the observer has seen everything, rethrows what it threw, then ends its layer. */
  @Override
  public void endLayer() {
    put(STOP);
    try {
      thread.join();
    } catch (InterruptedException e) {
      throw interrupted();
    }
    rethrow();
    observer.endLayer();
  }

  /** Stops the thread without waiting (idempotent); what it has not seen yet it never sees. */
  @Override
  public void close() {
    thread.interrupt();
  }

  private void put(Call call) {
    rethrow();
    try {
      calls.put(call);
    } catch (InterruptedException e) {
      throw interrupted();
    }
  }

  private void rethrow() {
    Throwable thrown = failure;
    if (thrown instanceof Error e) {
      throw e;
    }
    if (thrown != null) {
      throw (RuntimeException) thrown;
    }
  }

  private static UncheckedIOException interrupted() {
    Thread.currentThread().interrupt();
    return new UncheckedIOException(new InterruptedIOException("interrupted while the layer was observed"));
  }

  private void work() {
    try {
      for (Call call = calls.take(); call != STOP; call = calls.take()) {
        if (failure != null) {
          continue; // the writer stops at its next call; drain until then
        }
        try {
          if (call.kind() == CONTENT) {
            observer.content(call.bytes(), 0, call.length());
            spare.offer(call.bytes());
          } else if (call.kind() == START) {
            observer.startEntry(call.header());
          } else {
            observer.endEntry(call.header());
          }
        } catch (RuntimeException | Error e) {
          failure = e;
        }
      }
    } catch (InterruptedException e) {
      // closed: the writer has given up on this layer
    }
  }
}
