package dev.stowage.oci.store;

import dev.stowage.oci.Digest;
import dev.stowage.oci.DigestMismatchException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;

/**
 * Reads content while checking it against a digest and, when known, a size (go-containerregistry's
 * {@code verify}): it never returns more than the expected size, and at the end of the stream it throws
 * {@link DigestMismatchException} instead of reporting a clean end if the content was wrong.
 */
public final class VerifyingInputStream extends FilterInputStream {
  private final Digest expected;
  private final long expectedSize;
  private final String what;
  private final MessageDigest digest;
  private long count;
  private boolean verified;
  private DigestMismatchException failure;

  /**
   * @param expectedSize the exact size, or -1 if unknown
   * @param what how to name the content in an error, e.g. "blob sha256:... in /var/lib/stowage"
   */
  public VerifyingInputStream(InputStream in, Digest expected, long expectedSize, String what) {
    super(in);
    this.expected = expected;
    this.expectedSize = expectedSize;
    this.what = what;
    this.digest = expected.algorithm().newMessageDigest(expectedSize);
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
    int want = len;
    if (expectedSize >= 0 && count >= expectedSize) {
      // Past the expected size: the source must be at its end, or the content is too long.
      int extra = in.read();
      if (extra >= 0) {
        throw new DigestMismatchException(
            what + " is longer than its expected " + expectedSize + " bytes", expected);
      }
      verifyAtEnd();
      return -1;
    }
    if (expectedSize >= 0) {
      want = (int) Math.min(len, expectedSize - count);
    }
    int n = in.read(b, off, want);
    if (n < 0) {
      verifyAtEnd();
      return -1;
    }
    digest.update(b, off, n);
    count += n;
    if (expectedSize >= 0 && count == expectedSize) {
      // Verify with the last byte: consumers such as GZIPInputStream stop without reading the end of the stream.
      verifyAtEnd();
    }
    return n;
  }

  @Override
  public long skip(long n) throws IOException {
    // Skipped bytes must still be digested.
    byte[] buffer = new byte[8192];
    long skipped = 0;
    while (skipped < n) {
      int r = read(buffer, 0, (int) Math.min(buffer.length, n - skipped));
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

  @Override
  public int available() throws IOException {
    return expectedSize >= 0 ? (int) Math.min(in.available(), expectedSize - count) : in.available();
  }

  private void verifyAtEnd() {
    if (verified) {
      return;
    }
    if (failure == null) {
      if (expectedSize >= 0 && count != expectedSize) {
        failure = new DigestMismatchException(
            what + " is truncated: expected " + expectedSize + " bytes, got " + count, expected);
      } else {
        Digest actual = Digest.fromBytes(expected.algorithm(), digest.digest());
        if (!actual.equals(expected)) {
          failure = new DigestMismatchException(what + " is corrupt: its content has digest " + actual, expected);
        }
      }
    }
    if (failure != null) {
      throw failure;
    }
    verified = true;
  }
}
