package dev.stowage.engine.image;

import dev.stowage.engine.spi.LayerSource;
import dev.stowage.oci.archive.Compression;
import dev.stowage.oci.store.BlobStore;
import dev.stowage.oci.store.Ingest;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Optional;

/**
 * Unpacking a compressed base layer keeps its uncompressed tar in the store too, under its DiffID, in the same
 * pass. Docker's store keeps layers uncompressed for the same reason: an export that wants them so (a
 * docker-archive, as {@code docker save} writes) then has the kernel copy the blob instead of decompressing the
 * layer twice on every export. The copy is committed only when the whole layer was read and hashes to its DiffID;
 * {@code prune} keeps it as long as an image with that layer is kept.
 */
public final class UncompressedCopies {
  private UncompressedCopies() {}

  /** The layer's content for unpacking: uncompressed, and copied into {@code store} as it is read. */
  public static LayerSource unpackSource(BlobStore store, LayerRef layer) {
    return () -> {
      InputStream stored = store.open(layer.blob().digest());
      if (layer.blob().digest().equals(layer.diffId()) || store.has(layer.diffId())) {
        return stored; // already uncompressed, or copied before
      }
      InputStream tar = Compression.detectAndDecompress(stored);
      return new CopyingStream(tar, store.ingest(Optional.of(layer.diffId()), -1));
    };
  }

  /** Writes what is read into an ingest, committed at the end of the stream; closing earlier discards it. */
  private static final class CopyingStream extends FilterInputStream {
    private final Ingest copy;
    private boolean committed;

    CopyingStream(InputStream in, Ingest copy) {
      super(in);
      this.copy = copy;
    }

    @Override
    public int read() throws IOException {
      byte[] one = new byte[1];
      int n = read(one, 0, 1);
      return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      int n = super.read(b, off, len);
      if (n > 0) {
        copy.write(b, off, n);
      } else if (n < 0 && !committed) {
        committed = true;
        copy.commit(); // fails, storing nothing, when the content is not the DiffID's
      }
      return n;
    }

    @Override
    public long skip(long n) throws IOException {
      byte[] buffer = new byte[(int) Math.min(n, 64 * 1024)];
      int read = read(buffer, 0, buffer.length);
      return Math.max(read, 0);
    }

    @Override
    public boolean markSupported() {
      return false;
    }

    @Override
    public void close() throws IOException {
      try {
        copy.close();
      } finally {
        super.close();
      }
    }
  }
}
