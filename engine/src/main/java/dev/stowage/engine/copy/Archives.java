package dev.stowage.engine.copy;

import dev.stowage.oci.OciException;
import dev.stowage.oci.archive.Compression;
import dev.stowage.oci.archive.TarReader;
import java.io.BufferedInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPInputStream;

/**
 * Recognises the local archives ADD unpacks, as BuildKit's {@code isArchivePath} does: a regular file whose content,
 * once decompressed (gzip, bzip2, xz or zstd, told by magic bytes, never by name), starts with a valid tar header.
 * gzip is read by the JDK and zstd by the oci module; bzip2 and xz by the {@code bzip2} and {@code xz} programs, as
 * moby's own {@code DecompressStream} does for xz.
 */
final class Archives {
  private static final int BUFFER = 64 * 1024;

  enum Format {
    TAR("plain"),
    GZIP("gzip"),
    BZIP2("bzip2"),
    XZ("xz"),
    ZSTD("zstd");

    final String label;

    Format(String label) {
      this.label = label;
    }
  }

  private Archives() {}

  /**
   * The compression of {@code file} when it is a tar archive; empty when it is anything else (ADD copies it).
   *
   * @param shown the file's name in messages
   */
  static Optional<Format> probe(Path file, String shown) {
    Format format = sniff(file);
    InputStream in;
    try {
      in = open(file, format, shown);
    } catch (ToolMissingException e) {
      throw new CopyException("ADD " + shown + ": it looks " + format.label + "-compressed, but the "
          + e.tool + " program needed to read it is not installed", e);
    } catch (OciException e) {
      throw new CopyException("ADD " + shown + ": it looks " + format.label + "-compressed, but: " + e.getMessage(),
          e);
    } catch (IOException e) {
      return Optional.empty(); // a bad compression header: not an archive, copied as a plain file
    }
    try (in) {
      return new TarReader(in, shown).next() != null ? Optional.of(format) : Optional.empty();
    } catch (IOException | UncheckedIOException | OciException | IllegalArgumentException e) {
      return Optional.empty(); // not decompressible or not a tar: copied as a plain file
    }
  }

  /** The decompressed content of {@code file}; closing it stops any helper process. */
  static InputStream open(Path file, Format format, String shown) throws IOException {
    InputStream raw = new BufferedInputStream(Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS), BUFFER);
    try {
      return switch (format) {
        case TAR -> raw;
        case GZIP -> new GZIPInputStream(raw, BUFFER);
        case ZSTD -> Compression.ZSTD.decompress(raw);
        case BZIP2 -> external(file, raw, "bzip2", shown);
        case XZ -> external(file, raw, "xz", shown);
      };
    } catch (IOException | RuntimeException e) {
      raw.close();
      throw e;
    }
  }

  private static Format sniff(Path file) {
    byte[] head = new byte[6];
    int n;
    try (InputStream in = Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS)) {
      n = in.readNBytes(head, 0, head.length);
    } catch (IOException e) {
      throw new CopyException("reading " + file + ": " + CopyWriter.reason(e), e);
    }
    if (n >= 2 && (head[0] & 0xff) == 0x1f && (head[1] & 0xff) == 0x8b) {
      return Format.GZIP;
    }
    if (n >= 3 && head[0] == 'B' && head[1] == 'Z' && head[2] == 'h') {
      return Format.BZIP2;
    }
    if (n >= 6 && (head[0] & 0xff) == 0xfd && head[1] == '7' && head[2] == 'z' && head[3] == 'X' && head[4] == 'Z'
        && head[5] == 0) {
      return Format.XZ;
    }
    if (n >= 4 && (head[0] & 0xff) == 0x28 && (head[1] & 0xff) == 0xb5 && (head[2] & 0xff) == 0x2f
        && (head[3] & 0xff) == 0xfd) {
      return Format.ZSTD;
    }
    return Format.TAR;
  }

  /** A decompressor program reading the file itself; its output is the stream. */
  private static InputStream external(Path file, InputStream raw, String tool, String shown) throws IOException {
    raw.close();
    Process process;
    try {
      process = new ProcessBuilder(tool, "-d", "-c", "-q").redirectInput(file.toFile())
          .redirectError(ProcessBuilder.Redirect.DISCARD).start();
    } catch (IOException e) {
      throw new ToolMissingException(tool, e);
    }
    return new FilterInputStream(process.getInputStream()) {
      private boolean ended;

      @Override
      public int read() throws IOException {
        int b = super.read();
        checkEnd(b < 0);
        return b;
      }

      @Override
      public int read(byte[] b, int off, int len) throws IOException {
        int n = super.read(b, off, len);
        checkEnd(n < 0);
        return n;
      }

      private void checkEnd(boolean end) throws IOException {
        if (!end || ended) {
          return;
        }
        ended = true;
        try {
          if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new IOException(tool + " could not decompress " + shown);
          }
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IOException("interrupted while decompressing " + shown, e);
        }
      }

      @Override
      public void close() throws IOException {
        try {
          super.close();
        } finally {
          process.destroy();
        }
      }
    };
  }

  /** The decompressor program is not on the PATH. */
  static final class ToolMissingException extends IOException {
    final String tool;

    ToolMissingException(String tool, IOException cause) {
      super(tool + " is not installed", cause);
      this.tool = tool;
    }
  }
}
