package dev.stowage.oci.archive;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;

/**
 * A buffered output stream into a file that can also take whole ranges of another file without passing them
 * through the JVM: {@link #transferFrom} lets the kernel copy (copy_file_range on Linux), which is how an archive
 * takes a GiB-sized stored layer in a fraction of the time a read/write loop needs.
 */
public final class FileSink extends OutputStream {
  private static final int BUFFER = 256 * 1024;

  private final FileChannel channel;
  private final ByteBuffer buffer = ByteBuffer.allocateDirect(BUFFER);

  public FileSink(FileChannel channel) {
    this.channel = channel;
  }

  @Override
  public void write(int b) throws IOException {
    if (!buffer.hasRemaining()) {
      drain();
    }
    buffer.put((byte) b);
  }

  @Override
  public void write(byte[] b, int off, int len) throws IOException {
    while (len > 0) {
      if (!buffer.hasRemaining()) {
        drain();
      }
      int n = Math.min(len, buffer.remaining());
      buffer.put(b, off, n);
      off += n;
      len -= n;
    }
  }

  /** Appends {@code count} bytes of {@code source} from its position 0; fails if the source has fewer. */
  public void transferFrom(FileChannel source, long count) throws IOException {
    drain();
    long done = 0;
    while (done < count) {
      long n = source.transferTo(done, count - done, channel);
      if (n <= 0) {
        throw new IOException("the source ended " + (count - done) + " bytes short of " + count);
      }
      done += n;
    }
  }

  @Override
  public void flush() throws IOException {
    drain();
  }

  @Override
  public void close() throws IOException {
    try {
      drain();
    } finally {
      channel.close();
    }
  }

  private void drain() throws IOException {
    buffer.flip();
    while (buffer.hasRemaining()) {
      channel.write(buffer);
    }
    buffer.clear();
  }
}
