package dev.stowage.oci.archive;

import dev.stowage.oci.MediaType;
import dev.stowage.oci.OciException;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.zip.Deflater;
import java.util.zip.GZIPInputStream;

/**
 * Layer compressions: none, gzip (JDK zlib, on several cores, deterministic; see {@link ParallelGzipOutputStream})
 * and zstd (zstd-jni). Reading detects the
 * compression by its magic bytes, so a layer whose media type lies still reads.
 */
public enum Compression {
  NONE,
  GZIP,
  ZSTD;

  private static final int BUFFER = 64 * 1024;

  public MediaType.LayerCompression layerCompression() {
    return switch (this) {
      case NONE -> MediaType.LayerCompression.NONE;
      case GZIP -> MediaType.LayerCompression.GZIP;
      case ZSTD -> MediaType.LayerCompression.ZSTD;
    };
  }

  /** The OCI layer media type for this compression. */
  public MediaType ociLayerType() {
    return MediaType.layerType(layerCompression());
  }

  public static Compression of(MediaType.LayerCompression compression) {
    return switch (compression) {
      case NONE -> NONE;
      case GZIP -> GZIP;
      case ZSTD -> ZSTD;
    };
  }

  /** The compression a layer media type declares. */
  public static Compression of(MediaType mediaType) {
    return of(mediaType.layerCompression());
  }

  /** The default level of each compression: gzip 6 (as Go and BuildKit), zstd 3. */
  public int defaultLevel() {
    return switch (this) {
      case NONE -> 0;
      case GZIP -> Deflater.DEFAULT_COMPRESSION;
      case ZSTD -> 3;
    };
  }

  /**
   * Wraps {@code out} so that bytes written are compressed. Closing the result finishes the compressed stream
   * and closes {@code out}.
   */
  public OutputStream compress(OutputStream out, int level) {
    try {
      return switch (this) {
        case NONE -> out;
        case GZIP -> new ParallelGzipOutputStream(out, level);
        case ZSTD -> Zstd.compress(out, level);
      };
    } catch (IOException e) {
      throw new UncheckedIOException("starting " + this + " compression: " + e.getMessage(), e);
    }
  }

  public OutputStream compress(OutputStream out) {
    return compress(out, defaultLevel());
  }

  /** Wraps {@code in} to decompress this compression. */
  public InputStream decompress(InputStream in) {
    try {
      return switch (this) {
        case NONE -> in;
        case GZIP -> new GZIPInputStream(in, BUFFER);
        case ZSTD -> Zstd.decompress(in);
      };
    } catch (IOException e) {
      throw new UncheckedIOException("reading a " + this + " stream: " + e.getMessage(), e);
    }
  }

  /** Recognises gzip ({@code 1f 8b}) and zstd ({@code 28 b5 2f fd}) magic; anything else is uncompressed. */
  public static Compression detect(byte[] head, int length) {
    if (length >= 2 && (head[0] & 0xff) == 0x1f && (head[1] & 0xff) == 0x8b) {
      return GZIP;
    }
    if (length >= 4 && (head[0] & 0xff) == 0x28 && (head[1] & 0xff) == 0xb5 && (head[2] & 0xff) == 0x2f
        && (head[3] & 0xff) == 0xfd) {
      return ZSTD;
    }
    return NONE;
  }

  /**
   * Peeks at the first bytes of {@code in} and returns a stream of the decompressed content. Bzip2 and xz,
   * which docker also reads but no registry serves for layers, are refused with a clear message.
   */
  public static InputStream detectAndDecompress(InputStream in) {
    BufferedInputStream buffered = in instanceof BufferedInputStream b ? b : new BufferedInputStream(in, BUFFER);
    byte[] head = new byte[6];
    int n;
    try {
      buffered.mark(head.length);
      n = buffered.readNBytes(head, 0, head.length);
      buffered.reset();
    } catch (IOException e) {
      throw new UncheckedIOException("reading the start of a layer: " + e.getMessage(), e);
    }
    if (n >= 3 && head[0] == 'B' && head[1] == 'Z' && head[2] == 'h') {
      throw new OciException("this layer is bzip2-compressed, which is not supported; recompress it with gzip");
    }
    if (n >= 6 && (head[0] & 0xff) == 0xfd && head[1] == '7' && head[2] == 'z' && head[3] == 'X' && head[4] == 'Z') {
      throw new OciException("this layer is xz-compressed, which is not supported; recompress it with gzip");
    }
    return detect(head, n).decompress(buffered);
  }

  /** zstd-jni is loaded only when zstd is used, so a platform without its native library still reads gzip. */
  private static final class Zstd {
    static OutputStream compress(OutputStream out, int level) throws IOException {
      try {
        com.github.luben.zstd.ZstdOutputStream zstd = new com.github.luben.zstd.ZstdOutputStream(out, level);
        zstd.setChecksum(false);
        return zstd;
      } catch (UnsatisfiedLinkError | NoClassDefFoundError e) {
        throw unavailable(e);
      }
    }

    static InputStream decompress(InputStream in) throws IOException {
      try {
        return new com.github.luben.zstd.ZstdInputStream(in);
      } catch (UnsatisfiedLinkError | NoClassDefFoundError e) {
        throw unavailable(e);
      }
    }

    private static OciException unavailable(Throwable e) {
      return new OciException("zstd layers need zstd-jni's native library, which could not be loaded on this "
          + "platform (" + e.getMessage() + "); use gzip layers instead", e);
    }
  }
}
