package dev.stowage.oci;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.Objects;

/**
 * A content digest such as {@code sha256:e3b0...}: an algorithm and its lower-case hex encoding, validated like
 * go-containerregistry's {@code Hash} (known algorithm, exact length, lower-case hex only).
 */
public record Digest(DigestAlgorithm algorithm, String hex) implements Comparable<Digest> {
  private static final HexFormat HEX = HexFormat.of();

  public Digest {
    Objects.requireNonNull(algorithm, "algorithm");
    Objects.requireNonNull(hex, "hex");
    String problem = hexProblem(algorithm, hex);
    if (problem != null) {
      throw new OciFormatException("invalid " + algorithm.ociName() + " digest '" + algorithm.ociName() + ":"
          + abbreviate(hex) + "': " + problem);
    }
  }

  // equals and hashCode are written out: a record's generated ones are linked at their first call (an invokedynamic
  // bootstrap, milliseconds each in a cold JVM, which the AOT cache does not keep), and every build calls these.
  @Override
  public boolean equals(Object other) {
    return other instanceof Digest digest && algorithm == digest.algorithm && hex.equals(digest.hex);
  }

  @Override
  public int hashCode() {
    return 31 * algorithm.hashCode() + hex.hashCode();
  }

  /** Parses {@code algorithm:hex}; the message of a failure says which part is wrong. */
  public static Digest parse(String text) {
    Objects.requireNonNull(text, "digest text");
    int colon = text.indexOf(':');
    if (colon < 0) {
      throw new OciFormatException("invalid digest '" + abbreviate(text)
          + "': expected <algorithm>:<hex>, e.g. sha256:<64 hex characters>");
    }
    DigestAlgorithm algorithm = DigestAlgorithm.fromOciName(text.substring(0, colon));
    return new Digest(algorithm, text.substring(colon + 1));
  }

  /** Whether {@code text} is a valid digest; for callers that must branch rather than fail. */
  public static boolean isValid(String text) {
    try {
      parse(text);
      return true;
    } catch (OciFormatException e) {
      return false;
    }
  }

  /** The digest of raw bytes with the given algorithm. */
  public static Digest of(DigestAlgorithm algorithm, byte[] content) {
    return new Digest(algorithm, HEX.formatHex(algorithm.newMessageDigest(content.length).digest(content)));
  }

  /** The sha256 digest of raw bytes. */
  public static Digest sha256(byte[] content) {
    return of(DigestAlgorithm.SHA256, content);
  }

  /** The sha256 digest of a string's UTF-8 bytes. */
  public static Digest sha256(String content) {
    return sha256(content.getBytes(StandardCharsets.UTF_8));
  }

  /** Builds a digest from the output of a finished {@link java.security.MessageDigest}. */
  public static Digest fromBytes(DigestAlgorithm algorithm, byte[] digestBytes) {
    return new Digest(algorithm, HEX.formatHex(digestBytes));
  }

  /** The hex part alone, as used in blob paths ({@code blobs/sha256/<hex>}). */
  public String encoded() {
    return hex;
  }

  @Override
  public String toString() {
    return algorithm.ociName() + ":" + hex;
  }

  @Override
  public int compareTo(Digest other) {
    return toString().compareTo(other.toString());
  }

  private static String hexProblem(DigestAlgorithm algorithm, String hex) {
    if (hex.length() != algorithm.hexLength()) {
      return "expected " + algorithm.hexLength() + " hex characters, found " + hex.length();
    }
    for (int i = 0; i < hex.length(); i++) {
      char c = hex.charAt(i);
      boolean lowerHex = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
      if (!lowerHex) {
        return (c >= 'A' && c <= 'F')
            ? "hex must be lower case (found '" + c + "' at position " + i + ")"
            : "'" + c + "' at position " + i + " is not a hex character";
      }
    }
    return null;
  }

  private static String abbreviate(String text) {
    return text.length() <= 80 ? text : text.substring(0, 77) + "...";
  }
}
