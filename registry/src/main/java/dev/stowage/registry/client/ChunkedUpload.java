package dev.stowage.registry.client;

import dev.stowage.oci.Descriptor;
import dev.stowage.oci.Digest;
import dev.stowage.oci.store.Blob;
import dev.stowage.registry.RegistryException;
import dev.stowage.registry.RegistryException.Failure;
import dev.stowage.registry.http.EndpointCaller;
import dev.stowage.registry.http.RequestBody;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A chunked upload: the blob is written once into a pipe by a virtual thread, and read from it in pieces of
 * {@code chunkSize} bytes, each sent with a PATCH. The digest is computed on the way, so a blob that does not
 * match its descriptor is never committed; the final PUT carries no body.
 */
final class ChunkedUpload {
  private static final int PIPE_BUFFER = 256 * 1024;

  private ChunkedUpload() {}

  static void run(EndpointCaller caller, String repository, Descriptor descriptor, Blob content, URI location,
      long chunkSize, String action) {
    PipedInputStream pipe = new PipedInputStream(PIPE_BUFFER);
    PipedOutputStream sink;
    try {
      sink = new PipedOutputStream(pipe);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    AtomicReference<RuntimeException> readFailure = new AtomicReference<>();
    Thread producer = Thread.ofVirtual().name("registry-chunked-upload").start(() -> {
      try {
        content.writeTo(sink);
      } catch (RuntimeException e) {
        readFailure.set(e); // recorded before the pipe closes, so the reader sees it
      } finally {
        try {
          sink.close();
        } catch (IOException ignored) {
          // the reader is gone: the upload failed already
        }
      }
    });
    MessageDigest md = descriptor.digest().algorithm().newMessageDigest();
    try (InputStream in = new DigestInputStream(pipe, md)) {
      URI next = location;
      long offset = 0;
      while (offset < descriptor.size()) {
        long length = Math.min(chunkSize, descriptor.size() - offset);
        RequestBody chunk = RequestBody.ofStream("application/octet-stream", length, () -> bounded(in, length), false);
        next = caller.call(new UploadEndpoints.Chunk(next, chunk, offset, repository, action));
        offset += length;
        if (readFailure.get() != null) {
          throw readFailure.get();
        }
      }
      if (in.read() >= 0) {
        throw new RegistryException.DigestMismatch(Failure.of(action),
            "the content is longer than the " + descriptor.size() + " bytes of its descriptor; nothing was committed");
      }
      if (readFailure.get() != null) {
        throw readFailure.get();
      }
      Digest actual = Digest.fromBytes(descriptor.digest().algorithm(), md.digest());
      if (!actual.equals(descriptor.digest())) {
        throw new RegistryException.DigestMismatch(Failure.of(action),
            "the content has digest " + actual + ", not the " + descriptor.digest() + " of its descriptor;"
                + " nothing was committed");
      }
      caller.call(new UploadEndpoints.Finish(next, descriptor.digest(), RequestBody.empty(), repository, action));
    } catch (RegistryException e) {
      // A chunk that came up short because reading the content failed: that failure is the real reason.
      RuntimeException local = readFailure.get();
      throw local != null ? local : e;
    } catch (IOException e) {
      RuntimeException local = readFailure.get();
      if (local != null) {
        throw local;
      }
      throw new RegistryException.ProtocolViolation(Failure.of(action),
          "reading the content to upload failed: " + e.getMessage(), e);
    } finally {
      producer.interrupt();
    }
  }

  /** Exactly the next {@code length} bytes of {@code in}; closing it leaves {@code in} open. */
  private static InputStream bounded(InputStream in, long length) {
    return new FilterInputStream(in) {
      private long left = length;

      @Override
      public int read() throws IOException {
        if (left <= 0) {
          return -1;
        }
        int b = super.read();
        if (b >= 0) {
          left--;
        }
        return b;
      }

      @Override
      public int read(byte[] b, int off, int len) throws IOException {
        if (left <= 0) {
          return -1;
        }
        int n = super.read(b, off, (int) Math.min(len, left));
        if (n > 0) {
          left -= n;
        }
        return n;
      }

      @Override
      public void close() {
        // the pipe stays open for the next chunk
      }
    };
  }

}
