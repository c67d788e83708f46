package dev.stowage.oci;

/**
 * Content does not match the digest or size it was promised to have: a corrupt blob, a truncated download or a
 * wrong descriptor. Thrown while streaming, at the end of the stream, so no caller ever sees unverified content as
 * complete.
 */
public class DigestMismatchException extends OciException {
  private final Digest expected;

  public DigestMismatchException(String message, Digest expected) {
    super(message);
    this.expected = expected;
  }

  /** The digest the content should have had. */
  public Digest expected() {
    return expected;
  }
}
