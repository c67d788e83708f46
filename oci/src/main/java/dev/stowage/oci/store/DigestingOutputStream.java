package dev.stowage.oci.store;

import dev.stowage.oci.Digest;
import dev.stowage.oci.DigestAlgorithm;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.security.MessageDigest;

/** Passes bytes through while computing their digest and counting them (one pass, R3). */
public final class DigestingOutputStream extends FilterOutputStream {
  private final DigestAlgorithm algorithm;
  private final MessageDigest digest;
  private long count;

  public DigestingOutputStream(OutputStream out, DigestAlgorithm algorithm) {
    super(out);
    this.algorithm = algorithm;
    this.digest = algorithm.newMessageDigest();
  }

  public DigestingOutputStream(OutputStream out) {
    this(out, DigestAlgorithm.SHA256);
  }

  @Override
  public void write(int b) throws IOException {
    out.write(b);
    digest.update((byte) b);
    count++;
  }

  @Override
  public void write(byte[] b, int off, int len) throws IOException {
    out.write(b, off, len);
    digest.update(b, off, len);
    count += len;
  }

  public long count() {
    return count;
  }

  /** The digest and size of everything written; call once, after the last write. */
  public BlobInfo info() {
    return new BlobInfo(Digest.fromBytes(algorithm, digest.digest()), count);
  }
}
