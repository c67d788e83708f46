package dev.stowage.runtime.runc;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * Copies a container's output to the caller as it comes, on its own thread so the pipe never fills up and blocks
 * the container. A failing destination is remembered (and reported by {@link #await}) while the pipe is still
 * drained.
 */
final class OutputPump implements Runnable {
  private final InputStream in;
  private final OutputStream out;
  private final Thread thread;
  private volatile IOException failure;

  private OutputPump(InputStream in, OutputStream out) {
    this.in = in;
    this.out = out;
    this.thread = Thread.ofVirtual().name("runc-output").unstarted(this);
  }

  static OutputPump start(InputStream in, OutputStream out) {
    OutputPump pump = new OutputPump(in, out);
    pump.thread.start();
    return pump;
  }

  @Override
  public void run() {
    byte[] buffer = new byte[8192];
    try (in) {
      for (int n; (n = in.read(buffer)) >= 0; ) {
        if (failure == null && n > 0) {
          try {
            out.write(buffer, 0, n);
            out.flush();
          } catch (IOException e) {
            failure = e;
          }
        }
      }
    } catch (IOException e) {
      // the pipe closed: runc exited
    }
  }

  /** Waits until all output is copied; rethrows a failure of the destination. */
  void await() throws IOException, InterruptedException {
    thread.join();
    if (failure != null) {
      throw new IOException("could not pass on the step's output: " + failure.getMessage(), failure);
    }
  }

  /** Waits a little for the rest of the output after a kill, keeping the interrupt status. */
  void awaitQuietly() {
    boolean interrupted = Thread.interrupted();
    try {
      thread.join(java.time.Duration.ofSeconds(5));
    } catch (InterruptedException e) {
      interrupted = true;
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
