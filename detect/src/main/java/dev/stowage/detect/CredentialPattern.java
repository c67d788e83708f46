package dev.stowage.detect;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One credential format: an id (used as the rule of scan findings), a title, how sure a match is, a regular
 * expression whose group {@code s} is the secret, how many leading characters of the secret are a public
 * prefix (kept in the redacted form) and a check on the secret that rejects look-alikes.
 */
public record CredentialPattern(
    String id, String title, Confidence confidence, Pattern regex, int keptPrefix, Predicate<String> accepts) {

  static final String MASK = "****";
  private static final int MAX_REDACTED = 120;

  /** Every acceptable match of this pattern in {@code text}, in order. */
  public List<CredentialMatch> findIn(CharSequence text) {
    List<CredentialMatch> found = new ArrayList<>();
    Matcher m = regex.matcher(text);
    while (m.find()) {
      String secret = m.group("s");
      if (secret == null || !accepts.test(secret)) {
        continue;
      }
      found.add(new CredentialMatch(id, title, confidence, m.start(), m.end(), m.start("s"), m.end("s"),
          redact(text, m.start(), m.end(), m.start("s"), m.end("s"))));
    }
    return found;
  }

  /** The match with the secret replaced by its public prefix and {@code ****}; long context is shortened. */
  private String redact(CharSequence text, int start, int end, int secretStart, int secretEnd) {
    int kept = Math.min(keptPrefix, Math.max(0, (secretEnd - secretStart) / 2));
    String before = text.subSequence(start, secretStart).toString();
    String after = text.subSequence(secretEnd, end).toString();
    if (before.length() > MAX_REDACTED / 2) {
      before = "..." + before.substring(before.length() - MAX_REDACTED / 2);
    }
    if (after.length() > MAX_REDACTED / 2) {
      after = after.substring(0, MAX_REDACTED / 2) + "...";
    }
    return (before + text.subSequence(secretStart, secretStart + kept) + MASK + after).replace('\n', ' ');
  }
}
