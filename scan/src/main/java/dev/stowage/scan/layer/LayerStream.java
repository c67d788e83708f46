package dev.stowage.scan.layer;

import dev.stowage.oci.Descriptor;
import dev.stowage.oci.Digest;
import dev.stowage.oci.OciException;
import dev.stowage.oci.archive.Compression;
import dev.stowage.oci.store.BlobNotFoundException;
import dev.stowage.oci.store.BlobSource;
import dev.stowage.scan.ScanException;
import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.util.Optional;
import java.util.zip.ZipException;

/**
 * A layer's uncompressed tar stream, read once from its blob: the blob's digest and size are verified as it is
 * read (the blob source's verifying stream), the compression is detected from its first bytes, the expansion is
 * capped ({@link LayerLimits}) and, when the config names one, the DiffID is verified over the uncompressed bytes.
 * Every failure is a {@link ScanException} naming the layer. Call {@link #finish()} after the tar's end: it reads
 * what is left, so that the digests are checked.
 */
public final class LayerStream extends InputStream {
  private static final int BUFFER = 256 * 1024;

  private final String label;
  private final InputStream raw;
  private final InputStream content;
  private final boolean compressed;
  private final long compressedSize;
  private final long budget;
  private final MessageDigest diffDigest;
  private final Digest diffId;
  private long count;

  private LayerStream(String label, InputStream raw, InputStream content, boolean compressed, long compressedSize,
      long budget, Digest diffId) {
    this.label = label;
    this.raw = raw;
    this.content = content;
    this.compressed = compressed;
    this.compressedSize = compressedSize;
    this.budget = budget;
    this.diffId = diffId;
    this.diffDigest = diffId == null ? null : diffId.algorithm().newMessageDigest();
  }

  /**
   * Opens the layer {@code layer} of {@code blobs}.
   *
   * @param diffId the uncompressed digest the config lists for this layer, checked at the end
   * @param label how messages name the layer: {@code layer 3 (sha256:...)}
   */
  public static LayerStream open(BlobSource blobs, Descriptor layer, Optional<Digest> diffId, LayerLimits limits,
      String label) {
    InputStream blob;
    try {
      blob = blobs.open(layer.digest());
    } catch (BlobNotFoundException e) {
      throw new ScanException(label + " cannot be read: " + e.getMessage(), e);
    }
    BufferedInputStream raw = new BufferedInputStream(blob, BUFFER);
    try {
      InputStream content = Compression.detectAndDecompress(raw);
      boolean compressed = content != raw;
      // An uncompressed layer is its own DiffID, already verified as the blob's digest.
      Digest check = diffId.filter(d -> compressed || !d.equals(layer.digest())).orElse(null);
      long budget = compressed ? limits.budget(layer.size()) : Long.MAX_VALUE;
      return new LayerStream(label, raw, content, compressed, layer.size(), budget, check);
    } catch (RuntimeException e) {
      closeQuietly(raw);
      throw translate(label, e);
    }
  }

  @Override
  public int read() throws IOException {
    byte[] one = new byte[1];
    int n = read(one, 0, 1);
    return n < 0 ? -1 : one[0] & 0xff;
  }

  @Override
  public int read(byte[] b, int off, int len) {
    int n;
    try {
      n = content.read(b, off, len);
    } catch (IOException | RuntimeException e) {
      throw translate(label, e);
    }
    if (n > 0) {
      count += n;
      if (count > budget) {
        throw new ScanException(label + " expands beyond " + budget + " bytes from " + compressedSize
            + " compressed: a decompression bomb, or an unusually compressible layer (raise --max-layer-ratio to"
            + " scan it)");
      }
      if (diffDigest != null) {
        diffDigest.update(b, off, n);
      }
    }
    return n;
  }

  /** Uncompressed bytes read so far. */
  public long uncompressedBytes() {
    return count;
  }

  /** Whether the blob was compressed. */
  public boolean compressed() {
    return compressed;
  }

  /**
   * Reads the rest of the layer (after the tar's end marker) and of the blob, so that the blob's digest and size,
   * and the DiffID, are verified.
   */
  public void finish() {
    byte[] sink = new byte[64 * 1024];
    while (read(sink, 0, sink.length) >= 0) {
      // the tar's padding; bounded by the budget
    }
    try {
      raw.transferTo(java.io.OutputStream.nullOutputStream()); // bytes after the end of the compressed stream
    } catch (IOException | RuntimeException e) {
      throw translate(label, e);
    }
    if (diffDigest != null) {
      Digest actual = Digest.fromBytes(diffId.algorithm(), diffDigest.digest());
      if (!actual.equals(diffId)) {
        throw new ScanException(label + " is corrupt: its uncompressed content has digest " + actual
            + " but the image config lists " + diffId);
      }
    }
  }

  @Override
  public void close() {
    closeQuietly(content);
    closeQuietly(raw);
  }

  private static ScanException translate(String label, Exception e) {
    if (e instanceof ScanException scan) {
      return scan;
    }
    if (e instanceof UncheckedIOException unchecked && unchecked.getCause() != null) {
      return translate(label, unchecked.getCause());
    }
    String reason = switch (e) {
      case EOFException eof -> "is truncated: the compressed stream ends early";
      case ZipException zip -> "is corrupt: " + (zip.getMessage() == null ? "invalid gzip data" : zip.getMessage());
      case OciException oci -> "cannot be read: " + oci.getMessage();
      case IOException io -> "cannot be read: " + (io.getMessage() == null ? "input/output error" : io.getMessage());
      default -> "cannot be read: " + e.getMessage();
    };
    return new ScanException(label + " " + reason, e);
  }

  private static void closeQuietly(InputStream in) {
    try {
      in.close();
    } catch (IOException | RuntimeException ignored) {
      // closing after a failure: the failure is what the user needs to see
    }
  }
}
