package dev.stowage.oci.store;

import dev.stowage.oci.Digest;
import dev.stowage.oci.OciException;

/** A blob that was asked for is not in the store or archive. */
public class BlobNotFoundException extends OciException {
  private final Digest digest;

  public BlobNotFoundException(Digest digest, String where) {
    super("blob " + digest + " is not in " + where);
    this.digest = digest;
  }

  public Digest digest() {
    return digest;
  }
}
