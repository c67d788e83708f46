package dev.stowage.detect;

import java.util.Optional;

/**
 * What is known about one file: the credential-file kind its name suggests (if any), the verdict, why, and
 * the redacted evidence when the content was read.
 */
public record FileAssessment(
    String path, Optional<CredentialFileKind> kind, Verdict verdict, String reason,
    Optional<CredentialMatch> evidence) {

  /** Whether a file carries a credential. */
  public enum Verdict {
    /** The content holds a credential, or the name alone is conclusive and the content is unknown. */
    CREDENTIAL,
    /** The name suggests a credential file but the content is unknown and the name is not conclusive. */
    POSSIBLE,
    /** Not a credential: an ordinary name, or content that holds no credential (placeholders, public keys). */
    NONE
  }

  /** True for {@link Verdict#CREDENTIAL}. */
  public boolean holdsCredential() {
    return verdict == Verdict.CREDENTIAL;
  }
}
