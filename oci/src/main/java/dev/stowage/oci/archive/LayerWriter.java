package dev.stowage.oci.archive;

import dev.stowage.oci.Digest;
import dev.stowage.oci.OciException;
import dev.stowage.oci.store.BlobInfo;
import dev.stowage.oci.store.BlobStore;
import dev.stowage.oci.store.DigestingOutputStream;
import dev.stowage.oci.store.Ingest;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.HashSet;
import java.util.Set;

/**
 * Writes a reproducible layer in one streaming pass: entries go into a tar (in the order given, metadata
 * normalised by {@link LayerOptions}), the {@link ContentObserver} sees every header and content byte, and the
 * DiffID, compressed digest and size are computed on the way (R3) while the compressed bytes go straight into a
 * store's ingest or a stream. Nothing is buffered beyond a fixed-size buffer.
 *
 * <p>Writing to a store commits only in {@link #finish()}; closing an unfinished writer, or any failure (including
 * the observer throwing), discards the partial blob.
 */
public final class LayerWriter implements AutoCloseable {
  private static final int BUFFER = 128 * 1024;

  private final LayerOptions options;
  private final Ingest ingest;
  private final DigestingOutputStream compressedDigest;
  private final OutputStream compressor;
  private final DigestingOutputStream uncompressed;
  private final TarWriter tar;
  private final Set<String> paths = new HashSet<>();
  private final byte[] buffer = new byte[BUFFER];
  private long entries;
  private boolean done;

  private LayerWriter(LayerOptions options, Ingest ingest, OutputStream sink) {
    this.options = options;
    this.ingest = ingest;
    OutputStream shielded = new NonClosingOutputStream(sink);
    this.compressedDigest = ingest == null ? new DigestingOutputStream(shielded) : null;
    this.compressor = options.compression().compress(
        compressedDigest != null ? compressedDigest : shielded, options.level());
    // Uncompressed, the blob is the tar: its digest (the ingest's or compressedDigest's) is the DiffID, so the
    // bytes are hashed once, not twice.
    this.uncompressed = options.compression() == Compression.NONE ? null : new DigestingOutputStream(compressor);
    this.tar = new TarWriter(new BufferedOutputStream(uncompressed != null ? uncompressed : compressor, BUFFER));
  }

  /** A writer whose compressed bytes go into {@code store}; {@link #finish()} commits the blob. */
  public static LayerWriter toStore(BlobStore store, LayerOptions options) {
    Ingest ingest = store.ingest();
    try {
      return new LayerWriter(options, ingest, ingest);
    } catch (RuntimeException e) {
      ingest.close();
      throw e;
    }
  }

  /** A writer whose compressed bytes go to {@code out}, which is flushed but not closed by {@link #finish()}. */
  public static LayerWriter toStream(OutputStream out, LayerOptions options) {
    return new LayerWriter(options, null, out);
  }

  /** Adds one entry; a regular file's content is read now, exactly {@code header.size()} bytes. */
  public void add(LayerEntry entry) {
    if (done) {
      throw new IllegalStateException("this layer is already finished or closed");
    }
    try {
      TarHeader header = normalize(entry.header());
      if (!paths.add(header.path())) {
        throw new IllegalArgumentException("duplicate layer entry " + header.path());
      }
      options.observer().startEntry(header);
      tar.putEntry(header);
      if (header.type().hasContent() && header.size() > 0) {
        copyContent(header, entry.content());
      }
      options.observer().endEntry(header);
      entries++;
    } catch (RuntimeException e) {
      close();
      throw e;
    }
  }

  public void addAll(Iterable<LayerEntry> all) {
    for (LayerEntry entry : all) {
      add(entry);
    }
  }

  private TarHeader normalize(TarHeader header) {
    TarHeader h = header.withPath(LayerPaths.forWriting(header.path())).withMtime(options.mtime().apply(header.mtime()));
    if (!options.keepOwnerNames()) {
      h = h.withOwnerNames("", "");
    }
    if (h.type() == EntryType.HARDLINK) {
      h = new TarHeader(h.path(), h.type(), h.mode(), h.uid(), h.gid(), h.uname(), h.gname(), 0, h.mtime(),
          LayerPaths.forWriting(h.linkTarget()), 0, 0, h.xattrs());
    }
    return h;
  }

  private void copyContent(TarHeader header, LayerEntry.ContentSource source) {
    long expected = header.size();
    long copied = 0;
    try (InputStream in = source.open()) {
      while (copied < expected) {
        int n = in.read(buffer, 0, (int) Math.min(buffer.length, expected - copied));
        if (n < 0) {
          throw new OciException("file " + header.path() + " shrank while it was added to the layer: expected "
              + expected + " bytes, read " + copied);
        }
        options.observer().content(buffer, 0, n);
        tar.write(buffer, 0, n);
        copied += n;
      }
      if (in.read() >= 0) {
        throw new OciException("file " + header.path() + " grew while it was added to the layer: expected "
            + expected + " bytes, found more");
      }
    } catch (IOException e) {
      throw new UncheckedIOException("reading the content of " + header.path() + ": " + e.getMessage(), e);
    }
  }

  /** Ends the tar, finishes compression and, for a store, commits the blob. */
  public LayerResult finish() {
    if (done) {
      throw new IllegalStateException("this layer is already finished or closed");
    }
    try {
      tar.finish();
      options.observer().endLayer();
      compressor.close(); // finishes the compressed stream; the sink itself is shielded from closing
      BlobInfo compressed;
      if (ingest != null) {
        compressed = ingest.commit();
      } else {
        compressedDigest.flush();
        compressed = compressedDigest.info();
      }
      Digest diffId = uncompressed != null ? uncompressed.info().digest() : compressed.digest();
      long uncompressedSize = uncompressed != null ? uncompressed.count() : compressed.size();
      done = true;
      return new LayerResult(compressed.descriptor(options.compression().ociLayerType()), diffId, uncompressedSize,
          entries);
    } catch (IOException e) {
      close();
      throw new UncheckedIOException("finishing a layer: " + e.getMessage(), e);
    } catch (RuntimeException e) {
      close();
      throw e;
    }
  }

  /** Discards an unfinished layer (its partial blob is deleted); does nothing after {@link #finish()}. */
  @Override
  public void close() {
    if (done) {
      return;
    }
    done = true;
    if (ingest != null) {
      ingest.close();
    }
  }
}
