package dev.stowage.oci;

import java.util.Arrays;
import java.util.Objects;

/**
 * A parsed value together with the exact bytes it came from and their digest. Digests and pushes always use
 * {@link #bytes()}, never a re-serialisation, so a manifest someone else wrote keeps its identity.
 */
public record Raw<T>(T value, byte[] bytes, Digest digest) {
  public Raw {
    Objects.requireNonNull(value, "value");
    bytes = bytes.clone();
    Objects.requireNonNull(digest, "digest");
    Digest actual = Digest.of(digest.algorithm(), bytes);
    if (!actual.equals(digest)) {
      throw new DigestMismatchException(
          "the " + bytes.length + " bytes given for " + digest + " have digest " + actual, digest);
    }
  }

  /** Pairs a value with its bytes, computing the sha256 digest. */
  public static <T> Raw<T> of(T value, byte[] bytes) {
    return new Raw<>(value, bytes, Digest.sha256(bytes));
  }

  @Override
  public byte[] bytes() {
    return bytes.clone();
  }

  public long size() {
    return bytes.length;
  }

  /** A descriptor of these bytes with the given media type. */
  public Descriptor descriptor(MediaType mediaType) {
    return Descriptor.of(mediaType, digest, bytes.length);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Raw<?> other && digest.equals(other.digest) && Arrays.equals(bytes, other.bytes);
  }

  @Override
  public int hashCode() {
    return digest.hashCode();
  }

  @Override
  public String toString() {
    return "Raw[" + value.getClass().getSimpleName() + ", " + digest + ", " + bytes.length + " bytes]";
  }
}
