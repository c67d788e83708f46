package dev.stowage.oci;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Locale;
import java.util.function.Supplier;

/** The digest algorithms the OCI image spec registers; sha256 is the default everywhere. */
public enum DigestAlgorithm {
  SHA256("sha256", "SHA-256", 64),
  SHA512("sha512", "SHA-512", 128);

  private final String ociName;
  private final String jdkName;
  private final int hexLength;

  DigestAlgorithm(String ociName, String jdkName, int hexLength) {
    this.ociName = ociName;
    this.jdkName = jdkName;
    this.hexLength = hexLength;
  }

  /** The name used in digest strings and blob paths, e.g. {@code sha256}. */
  public String ociName() {
    return ociName;
  }

  /** The number of lower-case hex characters of an encoded digest. */
  public int hexLength() {
    return hexLength;
  }

  /**
   * Content up to this size is hashed by the JDK even where libcrypto is linked: JSON documents and cache keys, for
   * which a foreign call is not worth making.
   */
  static final long SMALL_CONTENT_BYTES = 64 * 1024;

  /**
   * Content up to this size is hashed by the JDK while libcrypto is not linked yet: linking it costs a cold JVM tens of
   * milliseconds, the JDK's SHA-256 (compiled by C1 alone, without its intrinsic) about 20 ms a MiB, so a short build
   * whose layers are all small never links it.
   */
  static final long NATIVE_WORTHWHILE_BYTES = 256 * 1024;

  /** A new digest for content of unknown length (see {@link #newMessageDigest(long)}). */
  public MessageDigest newMessageDigest() {
    return newMessageDigest(-1);
  }

  /**
   * A new digest for content of {@code expectedBytes} (-1 if unknown): the JDK's for small content (manifests,
   * configs, cache keys, small layers), so a build need not wait for libcrypto to be linked; libcrypto's SHA-256
   * where it links for content large enough to be worth it (see {@link NativeDigests}); for content of unknown
   * length, the choice waits until its length passes {@link #NATIVE_WORTHWHILE_BYTES}.
   */
  public MessageDigest newMessageDigest(long expectedBytes) {
    boolean small = expectedBytes >= 0 && expectedBytes <= SMALL_CONTENT_BYTES;
    if (this != SHA256 || small) {
      return jdkMessageDigest();
    }
    if (expectedBytes > NATIVE_WORTHWHILE_BYTES || NativeDigests.linked()) {
      return largeContentSha256();
    }
    return expectedBytes < 0 ? new DeferredSha256() : jdkMessageDigest();
  }

  /** SHA-256 for content known to be large: libcrypto's, linked now if need be, where it links; else the JDK's. */
  static MessageDigest largeContentSha256() {
    return NativeDigests.sha256().map(Supplier::get).orElseGet(SHA256::jdkMessageDigest);
  }

  /** The JDK's own implementation. */
  public MessageDigest jdkMessageDigest() {
    try {
      return MessageDigest.getInstance(jdkName);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK lacks " + jdkName + ", which every JDK must provide", e);
    }
  }

  /** Looks an algorithm up by its OCI name ({@code sha256}, {@code sha512}). */
  public static DigestAlgorithm fromOciName(String name) {
    for (DigestAlgorithm algorithm : values()) {
      if (algorithm.ociName.equals(name)) {
        return algorithm;
      }
    }
    throw new OciFormatException(
        "unsupported digest algorithm '" + name + "': expected sha256 or sha512"
            + (name.equals(name.toLowerCase(Locale.ROOT)) ? "" : " (algorithm names are lower case)"));
  }
}
