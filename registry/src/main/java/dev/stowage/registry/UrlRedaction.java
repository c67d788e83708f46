package dev.stowage.registry;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Makes URLs safe to show: the user-info and fragment are removed, and every query parameter whose name is not
 * on a short allowlist keeps its name but loses its value. Redirects to storage back-ends carry signed tokens in
 * their query strings (X-Amz-Signature, sig, token...), so an allowlist is the only safe choice (after ggcr's
 * internal/redact). Every URL in a message or log of this module passes through here.
 */
public final class UrlRedaction {
  /** The query parameters the distribution protocol itself uses; their values are never secret. */
  private static final Set<String> ALLOWED = Set.of("scope", "service", "mount", "from", "digest", "n", "last");

  private static final String REDACTED = "REDACTED";
  private static final Pattern URL_IN_TEXT = Pattern.compile("(?i)\\bhttps?://[^\\s\"'<>]*[^\\s\"'<>.,;:!?)\\]]");

  private UrlRedaction() {}

  /** The redacted form of {@code uri}. */
  public static String redact(URI uri) {
    if (uri.isOpaque() || uri.getRawAuthority() == null) {
      return redactQueryOnly(uri.toString());
    }
    StringBuilder out = new StringBuilder();
    if (uri.getScheme() != null) {
      out.append(uri.getScheme()).append("://");
    }
    String host = uri.getHost();
    if (host == null) {
      // An authority the URI class could not split: keep what follows the last '@'.
      String authority = uri.getRawAuthority();
      out.append(authority.substring(authority.lastIndexOf('@') + 1));
    } else {
      out.append(host);
      if (uri.getPort() >= 0) {
        out.append(':').append(uri.getPort());
      }
    }
    if (uri.getRawPath() != null) {
      out.append(uri.getRawPath());
    }
    if (uri.getRawQuery() != null) {
      out.append('?').append(redactQuery(uri.getRawQuery()));
    }
    return out.toString();
  }

  /** The redacted form of a URL given as text; text that is not a URL has its query redacted all the same. */
  public static String redact(String url) {
    try {
      return redact(new URI(url));
    } catch (URISyntaxException e) {
      return redactQueryOnly(stripUserInfo(url));
    }
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

  private static String redactQueryOnly(String url) {
    int q = url.indexOf('?');
    if (q < 0) {
      return stripFragment(url);
    }
    return url.substring(0, q + 1) + redactQuery(stripFragment(url.substring(q + 1)));
  }

  private static String redactQuery(String rawQuery) {
    StringBuilder out = new StringBuilder();
    for (String pair : rawQuery.split("&", -1)) {
      if (!out.isEmpty()) {
        out.append('&');
      }
      int eq = pair.indexOf('=');
      String name = eq < 0 ? pair : pair.substring(0, eq);
      if (eq < 0) {
        out.append(name);
      } else if (ALLOWED.contains(name)) {
        out.append(pair);
      } else {
        out.append(name).append('=').append(REDACTED);
      }
    }
    return out.toString();
  }

  private static String stripFragment(String url) {
    int hash = url.indexOf('#');
    return hash < 0 ? url : url.substring(0, hash);
  }

  private static String stripUserInfo(String url) {
    int schemeEnd = url.indexOf("://");
    int start = schemeEnd < 0 ? 0 : schemeEnd + 3;
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
