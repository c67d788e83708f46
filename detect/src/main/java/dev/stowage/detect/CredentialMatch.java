package dev.stowage.detect;

/**
 * One credential found in a text: which pattern, where ({@code start} inclusive, {@code end} exclusive, over
 * the whole match including any keyword around the secret), where the secret itself is, and a redacted form
 * that keeps at most the format's public prefix. It never holds the secret itself, so it is safe to print.
 */
public record CredentialMatch(
    String patternId, String title, Confidence confidence, int start, int end, int secretStart, int secretEnd,
    String redacted) {

  /** The length of the secret part. */
  public int secretLength() {
    return secretEnd - secretStart;
  }

  /** True when this match's range overlaps {@code other}'s. */
  public boolean overlaps(CredentialMatch other) {
    return start < other.end && other.start < end;
  }
}
