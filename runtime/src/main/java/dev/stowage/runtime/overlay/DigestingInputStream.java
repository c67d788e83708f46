package dev.stowage.runtime.overlay;

import dev.stowage.oci.Digest;
import dev.stowage.oci.DigestAlgorithm;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;

/** Digests the bytes as they are read, so a layer's DiffID is checked in the same pass that unpacks it. */
final class DigestingInputStream extends FilterInputStream {
  private final MessageDigest digest = DigestAlgorithm.SHA256.newMessageDigest();
  private final DigestAlgorithm algorithm = DigestAlgorithm.SHA256;

  DigestingInputStream(InputStream in) {
    super(in);
  }

  @Override
  public int read() throws IOException {
    int b = super.read();
    if (b >= 0) {
      digest.update((byte) b);
    }
    return b;
  }

  @Override
  public int read(byte[] buffer, int offset, int length) throws IOException {
    int n = super.read(buffer, offset, length);
    if (n > 0) {
      digest.update(buffer, offset, n);
    }
    return n;
  }

  @Override
  public long skip(long n) throws IOException {
    // Skipped bytes must be digested too.
    byte[] scratch = new byte[8192];
    long skipped = 0;
    while (skipped < n) {
      int r = read(scratch, 0, (int) Math.min(scratch.length, n - skipped));
      if (r < 0) {
        break;
      }
      skipped += r;
    }
    return skipped;
  }

  @Override
  public boolean markSupported() {
    return false;
  }

  /** Reads what is left, then returns the digest of everything read. */
  Digest finish() throws IOException {
    byte[] scratch = new byte[8192];
    while (read(scratch, 0, scratch.length) >= 0) {
      // drain
    }
    return Digest.fromBytes(algorithm, digest.digest());
  }
}
