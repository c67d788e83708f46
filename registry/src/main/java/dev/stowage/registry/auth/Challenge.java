package dev.stowage.registry.auth;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * One challenge of a {@code WWW-Authenticate} header (RFC 7235): a scheme and its parameters, such as {@code
 * Bearer realm="https://auth.example/token",service="registry.example",scope="repository:a/b:pull"}. The scheme
 * is kept lower-case, parameter names lower-case, values unquoted.
 */
public record Challenge(String scheme, Map<String, String> params) {
  public Challenge {
    scheme = scheme.toLowerCase(Locale.ROOT);
    params = Map.copyOf(params);
  }

  public boolean isBasic() {
    return scheme.equals("basic");
  }

  public boolean isBearer() {
    return scheme.equals("bearer");
  }

  public Optional<String> param(String name) {
    return Optional.ofNullable(params.get(name.toLowerCase(Locale.ROOT)));
  }

  public Optional<String> realm() {
    return param("realm");
  }

  public Optional<String> service() {
    return param("service");
  }

  /** The scopes the registry asked for, split on spaces (a challenge may name several). */
  public List<String> scopes() {
    return param("scope").map(s -> List.of(s.trim().split("\\s+"))).filter(l -> !l.get(0).isEmpty()).orElse(List.of());
  }

  /** Every challenge in the given header values; malformed parts are skipped, never fatal. */
  public static List<Challenge> parseAll(List<String> headerValues) {
    List<Challenge> all = new ArrayList<>();
    for (String value : headerValues) {
      all.addAll(new Parser(value).challenges());
    }
    return List.copyOf(all);
  }

  /** Every challenge in one header value. */
  public static List<Challenge> parse(String headerValue) {
    return parseAll(List.of(headerValue));
  }

  /**
   * A small tokenizer for the RFC 7235 grammar: {@code challenge = scheme [ 1*SP ( token68 / #auth-param ) ]},
   * several challenges separated by commas. A token followed by '=' is a parameter; otherwise it starts the next
   * challenge.
   */
  private static final class Parser {
    private final String s;
    private int pos;

    Parser(String s) {
      this.s = s;
    }

    List<Challenge> challenges() {
      List<Challenge> out = new ArrayList<>();
      String scheme = null;
      boolean schemeHasContent = false;
      Map<String, String> params = new LinkedHashMap<>();
      while (true) {
        skipSeparators();
        if (pos >= s.length()) {
          break;
        }
        String token = token();
        if (token.isEmpty()) {
          pos++; // an unexpected character: skip it
          continue;
        }
        skipSpaces();
        boolean equalsFollows = pos < s.length() && s.charAt(pos) == '=';
        if (scheme != null && equalsFollows && !isToken68Padding()) {
          pos++;
          skipSpaces();
          params.put(token.toLowerCase(Locale.ROOT), value());
          schemeHasContent = true;
        } else if (scheme != null && !schemeHasContent && (equalsFollows || atChallengeEnd())) {
          // token68 credentials-style data (e.g. "Negotiate abc=="): not a parameter, ignored
          while (pos < s.length() && s.charAt(pos) == '=') {
            pos++;
          }
          schemeHasContent = true;
        } else {
          if (scheme != null) {
            out.add(new Challenge(scheme, params));
          }
          scheme = token;
          schemeHasContent = false;
          params = new LinkedHashMap<>();
        }
      }
      if (scheme != null) {
        out.add(new Challenge(scheme, params));
      }
      return out;
    }

    /** "abc==" with nothing but separators after the '=' signs is token68 padding, not a parameter. */
    private boolean isToken68Padding() {
      int i = pos;
      while (i < s.length() && s.charAt(i) == '=') {
        i++;
      }
      if (i - pos < 1) {
        return false;
      }
      while (i < s.length() && s.charAt(i) == ' ') {
        i++;
      }
      return i >= s.length() || s.charAt(i) == ',';
    }

    private boolean atChallengeEnd() {
      return pos >= s.length() || s.charAt(pos) == ',';
    }

    private String token() {
      int start = pos;
      while (pos < s.length() && isTokenChar(s.charAt(pos))) {
        pos++;
      }
      return s.substring(start, pos);
    }

    private String value() {
      if (pos < s.length() && s.charAt(pos) == '"') {
        pos++;
        StringBuilder out = new StringBuilder();
        while (pos < s.length() && s.charAt(pos) != '"') {
          char c = s.charAt(pos++);
          if (c == '\\' && pos < s.length()) {
            c = s.charAt(pos++);
          }
          out.append(c);
        }
        pos++; // closing quote (or end of input)
        return out.toString();
      }
      int start = pos;
      while (pos < s.length() && s.charAt(pos) != ',' && s.charAt(pos) != ' ') {
        pos++;
      }
      return s.substring(start, pos);
    }

    private void skipSpaces() {
      while (pos < s.length() && (s.charAt(pos) == ' ' || s.charAt(pos) == '\t')) {
        pos++;
      }
    }

    private void skipSeparators() {
      while (pos < s.length() && (s.charAt(pos) == ' ' || s.charAt(pos) == '\t' || s.charAt(pos) == ',')) {
        pos++;
      }
    }

    private static boolean isTokenChar(char c) {
      return c > 0x20 && c < 0x7f && "()<>@,;:\\\"[]?={}".indexOf(c) < 0;
    }
  }
}
