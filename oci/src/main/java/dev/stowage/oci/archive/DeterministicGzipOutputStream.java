package dev.stowage.oci.archive;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.zip.CRC32;
import java.util.zip.Deflater;

/**
 * A gzip stream with a fixed header (no name, mtime 0, OS "unknown"), as Go's {@code compress/gzip} writes it.
 * The JDK's {@code GZIPOutputStream} wrote a different OS byte before JDK 16, so its header is not stable across
 * JDKs; this one is. (The deflate bytes still depend on the zlib the JDK links; DiffIDs never do.)
 */
final class DeterministicGzipOutputStream extends FilterOutputStream {
  private static final int BUFFER = 64 * 1024;
  private final Deflater deflater;
  private final CRC32 crc = new CRC32();
  private final byte[] buffer = new byte[BUFFER];
  private long inputSize;
  private boolean finished;

  DeterministicGzipOutputStream(OutputStream out, int level) throws IOException {
    super(out);
    this.deflater = new Deflater(level, true);
    int xfl = level == Deflater.BEST_COMPRESSION ? 2 : level == Deflater.BEST_SPEED ? 4 : 0;
    out.write(new byte[] {0x1f, (byte) 0x8b, 8, 0, 0, 0, 0, 0, (byte) xfl, (byte) 0xff});
  }

  @Override
  public void write(int b) throws IOException {
    write(new byte[] {(byte) b}, 0, 1);
  }

  @Override
  public void write(byte[] b, int off, int len) throws IOException {
    if (finished) {
      throw new IOException("gzip stream already finished");
    }
    if (len == 0) {
      return;
    }
    crc.update(b, off, len);
    inputSize += len;
    deflater.setInput(b, off, len);
    while (!deflater.needsInput()) {
      drain(Deflater.NO_FLUSH);
    }
  }

  private void drain(int flush) throws IOException {
    int n = deflater.deflate(buffer, 0, buffer.length, flush);
    if (n > 0) {
      out.write(buffer, 0, n);
    }
  }

  /** Writes the end of the deflate stream and the trailer; the underlying stream stays open. */
  void finish() throws IOException {
    if (finished) {
      return;
    }
    finished = true;
    deflater.finish();
    while (!deflater.finished()) {
      drain(Deflater.NO_FLUSH);
    }
    long value = crc.getValue();
    long size = inputSize & 0xffffffffL;
    out.write(new byte[] {
      (byte) value, (byte) (value >> 8), (byte) (value >> 16), (byte) (value >> 24),
      (byte) size, (byte) (size >> 8), (byte) (size >> 16), (byte) (size >> 24)
    });
    deflater.end();
  }

  @Override
  public void flush() throws IOException {
    out.flush();
  }

  @Override
  public void close() throws IOException {
    try {
      finish();
    } finally {
      out.close();
    }
  }
}
