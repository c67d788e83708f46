package dev.stowage.registry.http;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.io.UncheckedIOException;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublisher;
import java.net.http.HttpRequest.BodyPublishers;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

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
  private final Supplier<InputStream> stream;
  private final Path file;
  private final boolean replayable;
  private final AtomicBoolean used = new AtomicBoolean();

  private RequestBody(
      String contentType, long length, Content content, Supplier<InputStream> stream, Path file, boolean replayable) {
    this.contentType = contentType;
    this.length = length;
    this.content = content;
    this.stream = stream;
    this.file = file;
    this.replayable = replayable;
  }

  public static RequestBody ofBytes(String contentType, byte[] bytes) {
    byte[] copy = bytes.clone();
    return new RequestBody(contentType, copy.length, out -> out.write(copy), null, null, true);
  }

  /** No bytes at all (e.g. the final PUT of a chunked upload). */
  public static RequestBody empty() {
    return ofBytes("application/octet-stream", new byte[0]);
  }

  public static RequestBody ofFile(String contentType, Path file, long length) {
    return new RequestBody(contentType, length, null, null, file, true);
  }

  /**
   * Content that is written to a stream.
   *
   * @param replayable whether {@code content} can write the same bytes again
   */
  public static RequestBody ofContent(String contentType, long length, Content content, boolean replayable) {
    return new RequestBody(contentType, length, content, null, null, replayable);
  }

  /**
   * Exactly {@code length} bytes read from the stream {@code stream} supplies (one stream per sending).
   *
   * @param replayable whether {@code stream} can supply the same bytes again
   */
  public static RequestBody ofStream(String contentType, long length, Supplier<InputStream> stream, boolean replayable) {
    return new RequestBody(contentType, length, null, stream, null, replayable);
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
    AtomicReference<RuntimeException> failure = new AtomicReference<>();
    if (file != null) {
      try {
        return new Publishing(BodyPublishers.ofFile(file), () -> {}, failure);
      } catch (IOException e) {
        throw new UncheckedIOException("reading " + file + ": " + e.getMessage(), e);
      }
    }
    if (length == 0) {
      return new Publishing(BodyPublishers.noBody(), () -> {}, failure);
    }
    if (stream != null) {
      return new Publishing(
          BodyPublishers.fromPublisher(BodyPublishers.ofInputStream(stream), length), () -> {}, failure);
    }
    PipedInputStream in = new PipedInputStream(PIPE_BUFFER);
    PipedOutputStream out;
    try {
      out = new PipedOutputStream(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Thread writer =
        Thread.ofVirtual()
            .name("registry-request-body")
            .start(
                () -> {
                  try {
                    content.writeTo(out);
                  } catch (IOException e) {
                    // the reader stopped early (the response came first): nothing to report
                  } catch (RuntimeException e) {
                    // reading the local content failed: the request fails short, and this is the reason;
                    // recorded before the pipe closes so the caller sees it when the request fails
                    failure.set(e);
                  } finally {
                    try {
                      out.close();
                    } catch (IOException ignored) {
                      // the reader is gone already
                    }
                  }
                });
    BodyPublisher publisher = BodyPublishers.fromPublisher(BodyPublishers.ofInputStream(() -> in), length);
    return new Publishing(
        publisher,
        () -> {
          try {
            in.close();
          } catch (IOException ignored) {
            // closing a pipe cannot fail in a way that matters here
          }
          writer.interrupt();
        },
        failure);
  }

  /**
   * A publisher, what to do once the exchange is over, and why producing the content failed, if it did (the
   * real reason when a request fails with "too few bytes").
   */
  record Publishing(BodyPublisher publisher, Runnable cleanup, AtomicReference<RuntimeException> failure) {}

  @Override
  public String toString() {
    return "RequestBody[" + contentType + ", " + length + " bytes]";
  }
}
