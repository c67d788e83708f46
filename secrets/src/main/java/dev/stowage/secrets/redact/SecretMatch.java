package dev.stowage.secrets.redact;

import dev.stowage.secrets.SecretId;

/**
 * One occurrence of a secret: which secret, in which form, where ({@code [start, end)} as byte offsets in the
 * stream). Never the bytes.
 */
public record SecretMatch(SecretId id, SecretEncoding encoding, long start, long end) {
  public long length() {
    return end - start;
  }
}
