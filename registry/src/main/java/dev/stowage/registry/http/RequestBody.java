package dev.stowage.registry.http;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublisher;
import java.net.http.HttpRequest.BodyPublishers;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The body of a request: its content type, exact length (registries need a Content-Length, so bodies are never
 * sent chunked) and a way to produce the bytes. {@code replayable} says whether the bytes can be produced again,
 * which is what allows a retry.
 */
public final class RequestBody {
  /** Writes content to a stream; for blobs produced on the fly. */
  @FunctionalInterface
  public interface Content {
    void writeTo(OutputStream out) throws IOException;
  }

  private static final int PIPE_BUFFER = 64 * 1024;

  private final String contentType;
  private final long length;
  private final Content content;
  private final Path file;
  private final boolean replayable;
  private final AtomicBoolean used = new AtomicBoolean();

  private RequestBody(String contentType, long length, Content content, Path file, boolean replayable) {
    this.contentType = contentType;
    this.length = length;
    this.content = content;
    this.file = file;
    this.replayable = replayable;
  }

  public static RequestBody ofBytes(String contentType, byte[] bytes) {
    byte[] copy = bytes.clone();
    return new RequestBody(contentType, copy.length, out -> out.write(copy), null, true);
  }

  /** No bytes at all (e.g. the final PUT of a chunked upload). */
  public static RequestBody empty() {
    return ofBytes("application/octet-stream", new byte[0]);
  }

  public static RequestBody ofFile(String contentType, Path file, long length) {
    return new RequestBody(contentType, length, null, file, true);
  }

  /**
   * Content that is written to a stream.
   *
   * @param replayable whether {@code content} can write the same bytes again
   */
  public static RequestBody ofContent(String contentType, long length, Content content, boolean replayable) {
    return new RequestBody(contentType, length, content, null, replayable);
  }

  public String contentType() {
    return contentType;
  }

  public long length() {
    return length;
  }

  public boolean isReplayable() {
    return replayable;
  }

  /** Whether this body can be sent (again): always for replayable bodies, once otherwise. */
  boolean canSend() {
    return replayable || !used.get();
  }

  /**
   * A publisher for one sending. Written content goes through a pipe filled by a virtual thread; closing the
   * returned handle (after the response arrived) stops that thread if the server stopped reading early.
   */
  Publishing publish() {
    if (!replayable && !used.compareAndSet(false, true)) {
      throw new IllegalStateException("a one-shot request body was sent twice");
    }
    if (file != null) {
      try {
        return new Publishing(BodyPublishers.ofFile(file), () -> {});
      } catch (IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    }
    if (length == 0) {
      return new Publishing(BodyPublishers.noBody(), () -> {});
    }
    PipedInputStream in = new PipedInputStream(PIPE_BUFFER);
    PipedOutputStream out;
    try {
      out = new PipedOutputStream(in);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    Thread writer =
        Thread.ofVirtual()
            .name("registry-request-body")
            .start(
                () -> {
                  try (OutputStream o = out) {
                    content.writeTo(o);
                  } catch (IOException e) {
                    // the reader sees a short body and the request fails; the caller reports that
                  }
                });
    InputStream stream = in;
    BodyPublisher publisher = BodyPublishers.fromPublisher(BodyPublishers.ofInputStream(() -> stream), length);
    return new Publishing(
        publisher,
        () -> {
          try {
            in.close();
          } catch (IOException ignored) {
            // closing a pipe cannot fail in a way that matters here
          }
          writer.interrupt();
        });
  }

  /** A publisher and what to do once the exchange is over. */
  record Publishing(BodyPublisher publisher, Runnable cleanup) {}

  @Override
  public String toString() {
    return "RequestBody[" + contentType + ", " + length + " bytes]";
  }
}
