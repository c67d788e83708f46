package dev.stowage.detect;

import java.util.Collection;
import java.util.Comparator;
import java.util.List;

/** Makes text safe to print: every credential found is replaced by its redacted form, and known values masked. */
public final class Redaction {
  /** Values shorter than this are not masked by value: they would mask ordinary words. */
  public static final int MIN_KNOWN_VALUE = 4;

  private Redaction() {}

  /**
   * {@code text} with every credential {@link CredentialPatterns} finds (generic assignments included) reduced to
   * its public prefix and {@code ****}.
   */
  public static String redactCredentials(CharSequence text) {
    List<CredentialMatch> matches = CredentialPatterns.find(text, Confidence.GENERIC);
    StringBuilder out = new StringBuilder(text);
    for (CredentialMatch m : matches.reversed()) {
      CredentialPattern pattern = CredentialPatterns.byId(m.patternId()).orElseThrow();
      int kept = Math.min(pattern.keptPrefix(), Math.max(0, m.secretLength() / 2));
      out.replace(m.secretStart() + kept, m.secretEnd(), CredentialPattern.MASK);
    }
    return out.toString();
  }

  /**
   * {@code text} with credentials redacted and every occurrence of the {@code known} values (secret values the
   * caller knows, such as build-arg values) replaced by {@code ****}, longest first.
   */
  public static String redact(CharSequence text, Collection<String> known) {
    String out = redactCredentials(text);
    List<String> values = known.stream().filter(v -> v != null && v.length() >= MIN_KNOWN_VALUE)
        .sorted(Comparator.comparingInt(String::length).reversed()).toList();
    for (String v : values) {
      out = out.replace(v, CredentialPattern.MASK);
    }
    return out;
  }
}
