package dev.stowage.secrets.redact;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Makes URLs safe to print, after go-containerregistry's {@code internal/redact}: registries redirect blob
 * downloads to storage URLs signed in their query string, and token endpoints take credentials there, so only
 * the query parameters the distribution protocol itself sends keep their values ({@link #ALLOWED_PARAMETERS});
 * every other value becomes {@value #REDACTED}. A password in the user-info part and a fragment are redacted
 * too; the scheme, user name, host, port, path, parameter names and their order are kept.
 */
public final class UrlRedactor {
  public static final String REDACTED = "REDACTED";

  /** Token exchange, cross-repository mount, blob upload digest, tag and catalog paging. */
  public static final Set<String> ALLOWED_PARAMETERS = Set.of("scope", "service", "mount", "from", "digest", "n", "last");

  /** A URL in prose: it does not end in the punctuation that follows it in a sentence. */
  private static final Pattern URL_IN_TEXT =
      Pattern.compile("\\b[a-zA-Z][a-zA-Z0-9+.-]*://[^\\s\"'<>`]*[^\\s\"'<>`.,;:!?)\\]]");

  private UrlRedactor() {}

  public static URI redact(URI uri) {
    return URI.create(redact(uri.toString()));
  }

  /**
   * Redacts one URL given as text. It does not need to be a valid URI: anything after the first {@code ?} is
   * treated as the query and anything after the first {@code #} as the fragment.
   */
  public static String redact(String url) {
    String rest = url;
    String fragment = null;
    int hash = rest.indexOf('#');
    if (hash >= 0) {
      fragment = rest.substring(hash + 1);
      rest = rest.substring(0, hash);
    }
    String query = null;
    int question = rest.indexOf('?');
    if (question >= 0) {
      query = rest.substring(question + 1);
      rest = rest.substring(0, question);
    }
    StringBuilder out = new StringBuilder(url.length());
    out.append(redactUserInfo(rest));
    if (query != null) {
      out.append('?').append(redactQuery(query));
    }
    if (fragment != null) {
      out.append('#').append(fragment.isEmpty() ? "" : REDACTED);
    }
    return out.toString();
  }

  /** Redacts every {@code scheme://...} URL inside free text, such as an exception message. */
  public static String redactUrlsIn(String text) {
    Matcher m = URL_IN_TEXT.matcher(text);
    StringBuilder out = new StringBuilder(text.length());
    while (m.find()) {
      m.appendReplacement(out, Matcher.quoteReplacement(redact(m.group())));
    }
    m.appendTail(out);
    return out.toString();
  }

  /** {@code scheme://user:password@host/path} keeps the user and loses the password. */
  private static String redactUserInfo(String beforeQuery) {
    int schemeEnd = beforeQuery.indexOf("://");
    if (schemeEnd < 0) {
      return beforeQuery;
    }
    int authorityStart = schemeEnd + 3;
    int slash = beforeQuery.indexOf('/', authorityStart);
    int authorityEnd = slash < 0 ? beforeQuery.length() : slash;
    String authority = beforeQuery.substring(authorityStart, authorityEnd);
    int at = authority.lastIndexOf('@');
    if (at < 0) {
      return beforeQuery;
    }
    String userInfo = authority.substring(0, at);
    int colon = userInfo.indexOf(':');
    if (colon < 0) {
      return beforeQuery;
    }
    return beforeQuery.substring(0, authorityStart)
        + userInfo.substring(0, colon + 1)
        + REDACTED
        + authority.substring(at)
        + beforeQuery.substring(authorityEnd);
  }

  private static String redactQuery(String query) {
    if (query.isEmpty()) {
      return query;
    }
    StringBuilder out = new StringBuilder(query.length());
    String[] pairs = query.split("&", -1);
    for (int i = 0; i < pairs.length; i++) {
      if (i > 0) {
        out.append('&');
      }
      String pair = pairs[i];
      if (pair.isEmpty()) {
        continue;
      }
      int eq = pair.indexOf('=');
      String name = eq < 0 ? pair : pair.substring(0, eq);
      if (ALLOWED_PARAMETERS.contains(decode(name))) {
        out.append(pair);
      } else if (eq < 0) {
        out.append(REDACTED); // a bare word could itself be a token
      } else {
        out.append(name).append('=').append(REDACTED);
      }
    }
    return out.toString();
  }

  private static String decode(String component) {
    try {
      return URLDecoder.decode(component, StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      return component; // a malformed escape: compare as written, which allows nothing extra
    }
  }
}
