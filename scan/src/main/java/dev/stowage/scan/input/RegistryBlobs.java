package dev.stowage.scan.input;

import dev.stowage.oci.Descriptor;
import dev.stowage.oci.Digest;
import dev.stowage.oci.store.BlobInfo;
import dev.stowage.oci.store.BlobNotFoundException;
import dev.stowage.oci.store.BlobStore;
import dev.stowage.oci.store.Ingest;
import dev.stowage.oci.store.VerifyingInputStream;
import dev.stowage.registry.RegistryClient;
import dev.stowage.registry.Repository;
import dev.stowage.scan.ScanException;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The blobs of one image in a registry, streamed: {@link #open} starts the download on a virtual thread that writes
 * into a small bounded pipe, and the scan reads from the other end. Nothing reaches the disk, and memory stays at
 * the pipe's few chunks whatever the blob's size. The registry client verifies digest and size while downloading;
 * the stream returned verifies them again for the reader.
 */
final class RegistryBlobs implements dev.stowage.oci.store.BlobSource {
  private static final int CHUNK = 64 * 1024;
  private static final int CHUNKS = 16;

  private final RegistryClient client;
  private final Repository repository;
  private final Map<Digest, Descriptor> descriptors;

  RegistryBlobs(RegistryClient client, Repository repository, List<Descriptor> descriptors) {
    this.client = client;
    this.repository = repository;
    this.descriptors = descriptors.stream()
        .collect(Collectors.toMap(Descriptor::digest, Function.identity(), (a, b) -> a));
  }

  @Override
  public boolean has(Digest digest) {
    return descriptors.containsKey(digest);
  }

  @Override
  public long size(Digest digest) {
    return descriptor(digest).size();
  }

  @Override
  public InputStream open(Digest digest) {
    Descriptor descriptor = descriptor(digest);
    Pipe pipe = new Pipe();
    Thread.ofVirtual().name("scan-pull-" + digest.encoded().substring(0, 12)).start(() -> {
      try {
        client.fetchBlob(repository, descriptor, pipe.store());
        pipe.end(null);
      } catch (RuntimeException | Error e) {
        pipe.end(e);
      }
    });
    return new VerifyingInputStream(pipe, digest, descriptor.size(), "blob " + digest + " of " + repository);
  }

  private Descriptor descriptor(Digest digest) {
    Descriptor d = descriptors.get(digest);
    if (d == null) {
      throw new BlobNotFoundException(digest, "the manifest of " + repository);
    }
    return d;
  }

  /** A bounded single-producer, single-consumer pipe of byte chunks; either side can end it. */
  private static final class Pipe extends InputStream {
    private static final byte[] END = new byte[0];
    private final BlockingQueue<byte[]> chunks = new ArrayBlockingQueue<>(CHUNKS);
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    private volatile boolean readerClosed;
    private byte[] current;
    private int position;
    private boolean ended;
    private int ingests;
    private long written;

    BlobStore store() {
      return new BlobStore() {
        @Override
        public boolean has(Digest digest) {
          return false;
        }

        @Override
        public long size(Digest digest) {
          throw new BlobNotFoundException(digest, "a streaming download");
        }

        @Override
        public InputStream open(Digest digest) {
          throw new BlobNotFoundException(digest, "a streaming download");
        }

        @Override
        public Ingest ingest(Optional<Digest> expected, long expectedSize) {
          if (ingests++ > 0 && written > 0) {
            // A retry would send the blob again from the start, but the scan has read part of it already.
            throw new ScanException("the download of a layer broke off after " + written + " bytes; scan again");
          }
          return new PipeIngest();
        }

        @Override
        public boolean delete(Digest digest) {
          return false;
        }

        @Override
        public List<Digest> list() {
          return List.of();
        }
      };
    }

    private final class PipeIngest extends Ingest {
      private long count;
      private boolean committed;

      @Override
      public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
      }

      @Override
      public void write(byte[] b, int off, int len) throws IOException {
        while (len > 0) {
          int n = Math.min(len, CHUNK);
          byte[] chunk = java.util.Arrays.copyOfRange(b, off, off + n);
          put(chunk);
          count += n;
          written += n;
          off += n;
          len -= n;
        }
      }

      @Override
      public BlobInfo commit() {
        committed = true;
        return new BlobInfo(Digest.sha256(new byte[0]), count); // the reader verifies the real digest
      }

      @Override
      public long bytesWritten() {
        return count;
      }

      @Override
      public void close() {
        if (!committed) {
          count = 0;
        }
      }
    }

    private void put(byte[] chunk) throws IOException {
      try {
        while (!chunks.offer(chunk, 100, TimeUnit.MILLISECONDS)) {
          if (readerClosed) {
            throw new IOException("the scan stopped reading");
          }
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new InterruptedIOException("interrupted while streaming a blob");
      }
    }

    void end(Throwable error) {
      failure.compareAndSet(null, error);
      try {
        while (!readerClosed && !chunks.offer(END, 100, TimeUnit.MILLISECONDS)) {
          // wait for the reader to take a chunk, unless it has gone
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }

    @Override
    public int read() throws IOException {
      byte[] one = new byte[1];
      int n = read(one, 0, 1);
      return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      if (len == 0) {
        return 0;
      }
      while (current == null || position == current.length) {
        if (ended) {
          return -1;
        }
        try {
          current = chunks.take();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new InterruptedIOException("interrupted while reading a blob");
        }
        position = 0;
        if (current == END) {
          ended = true;
          current = null;
          Throwable error = failure.get();
          if (error instanceof RuntimeException r) {
            throw r;
          }
          if (error instanceof Error err) {
            throw err;
          }
          return -1;
        }
      }
      int n = Math.min(len, current.length - position);
      System.arraycopy(current, position, b, off, n);
      position += n;
      return n;
    }

    @Override
    public void close() {
      readerClosed = true;
      chunks.clear();
    }
  }
}
