package dev.stowage.registry;

import dev.stowage.secrets.redact.UrlRedactor;
import java.net.URI;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Makes URLs safe to show in this module's messages and logs: the whole user-info part is removed, and the query
 * goes through the project's {@link UrlRedactor} (only the distribution protocol's own parameters keep their
 * values; redirects to storage back-ends carry signed tokens). Every URL in a message or log of this module
 * passes through here.
 */
public final class UrlRedaction {
  /** A URL in prose; it does not end in the punctuation that follows it in a sentence. */
  private static final Pattern URL_IN_TEXT = Pattern.compile("(?i)\\bhttps?://[^\\s\"'<>`]*[^\\s\"'<>`.,;:!?)\\]]");

  private UrlRedaction() {}

  /** The redacted form of {@code uri}. */
  public static String redact(URI uri) {
    return redact(uri.toString());
  }

  /** The redacted form of a URL given as text (it need not be a valid URI). */
  public static String redact(String url) {
    return UrlRedactor.redact(stripUserInfo(url));
  }

  /** {@code text} with every http(s) URL in it redacted: for messages of exceptions we did not write. */
  public static String scrub(String text) {
    if (text == null) {
      return "";
    }
    Matcher m = URL_IN_TEXT.matcher(text);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      m.appendReplacement(out, Matcher.quoteReplacement(redact(m.group())));
    }
    m.appendTail(out);
    return out.toString();
  }

  /** {@code scheme://user:password@host/...} becomes {@code scheme://host/...}: not even the user name is shown. */
  private static String stripUserInfo(String url) {
    int schemeEnd = url.indexOf("://");
    if (schemeEnd < 0) {
      return url;
    }
    int start = schemeEnd + 3;
    int end = url.length();
    for (int i = start; i < url.length(); i++) {
      char c = url.charAt(i);
      if (c == '/' || c == '?' || c == '#') {
        end = i;
        break;
      }
    }
    int at = url.lastIndexOf('@', end - 1);
    return at < start ? url : url.substring(0, start) + url.substring(at + 1);
  }
}
