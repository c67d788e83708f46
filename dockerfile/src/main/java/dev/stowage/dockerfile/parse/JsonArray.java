package dev.stowage.dockerfile.parse;

import java.util.ArrayList;
import java.util.List;

/**
 * Reads the exec form: a JSON array of strings, accepted exactly when Go's {@code json.Unmarshal} would accept
 * it (strict JSON, nothing but white space after the array). Linear time and no recursion, whatever the input.
 */
final class JsonArray {
  /** A decoded element and its [start, end) offsets in the parsed text. */
  record Element(String value, int start, int end) {}

  sealed interface Result permits NotJson, NotStrings, Strings {}

  /** Not valid JSON: BuildKit then falls back to the shell form. */
  record NotJson() implements Result {}

  /** Valid JSON, but an element is not a string: an error in BuildKit. */
  record NotStrings(int offset) implements Result {}

  record Strings(List<Element> elements) implements Result {}

  private final String s;
  private int i;

  private JsonArray(String s, int from) {
    this.s = s;
    this.i = from;
  }

  /** Parses {@code text} from {@code from} (which must be at a '[') to its end. */
  static Result parse(String text, int from) {
    return new JsonArray(text, from).parseArray();
  }

  private static final class Invalid extends RuntimeException {
    Invalid() {
      super(null, null, false, false);
    }
  }

  private Result parseArray() {
    try {
      List<Element> out = new ArrayList<>();
      int nonString = -1;
      expect('[');
      skipWs();
      if (peek() == ']') {
        i++;
      } else {
        while (true) {
          skipWs();
          int start = i;
          if (peek() == '"') {
            String v = readString();
            out.add(new Element(v, start, i));
          } else {
            skipValue();
            if (nonString < 0) {
              nonString = start;
            }
          }
          skipWs();
          int c = next();
          if (c == ']') {
            break;
          }
          if (c != ',') {
            throw new Invalid();
          }
        }
      }
      skipWs();
      if (i != s.length()) {
        throw new Invalid();
      }
      return nonString >= 0 ? new NotStrings(nonString) : new Strings(out);
    } catch (Invalid e) {
      return new NotJson();
    }
  }

  private int peek() {
    return i < s.length() ? s.charAt(i) : -1;
  }

  private int next() {
    return i < s.length() ? s.charAt(i++) : -1;
  }

  private void expect(char c) {
    if (next() != c) {
      throw new Invalid();
    }
  }

  private void skipWs() {
    while (i < s.length()) {
      char c = s.charAt(i);
      if (c != ' ' && c != '\t' && c != '\n' && c != '\r') {
        return;
      }
      i++;
    }
  }

  private String readString() {
    expect('"');
    StringBuilder out = new StringBuilder();
    while (true) {
      int c = next();
      if (c < 0 || c < 0x20) {
        throw new Invalid();
      }
      if (c == '"') {
        return out.toString();
      }
      if (c != '\\') {
        out.append((char) c);
        continue;
      }
      int e = next();
      switch (e) {
        case '"', '\\', '/' -> out.append((char) e);
        case 'b' -> out.append('\b');
        case 'f' -> out.append('\f');
        case 'n' -> out.append('\n');
        case 'r' -> out.append('\r');
        case 't' -> out.append('\t');
        case 'u' -> out.append((char) hex4());
        default -> throw new Invalid();
      }
    }
  }

  private int hex4() {
    if (i + 4 > s.length()) {
      throw new Invalid();
    }
    int v = 0;
    for (int k = 0; k < 4; k++) {
      int d = Character.digit(s.charAt(i++), 16);
      if (d < 0) {
        throw new Invalid();
      }
      v = v * 16 + d;
    }
    return v;
  }

  /** Skips any JSON value iteratively (an explicit stack of open containers). */
  private void skipValue() {
    StringBuilder stack = new StringBuilder(); // '[' or '{' per open container
    while (true) {
      skipWs();
      int c = peek();
      if (c == '[' || c == '{') {
        i++;
        stack.append((char) c);
        skipWs();
        if (peek() == (c == '[' ? ']' : '}')) {
          i++;
          stack.setLength(stack.length() - 1);
        } else {
          if (c == '{') {
            readKey();
          }
          continue;
        }
      } else if (c == '"') {
        readString();
      } else if (c == 't') {
        literal("true");
      } else if (c == 'f') {
        literal("false");
      } else if (c == 'n') {
        literal("null");
      } else if (c == '-' || (c >= '0' && c <= '9')) {
        number();
      } else {
        throw new Invalid();
      }
      // after a complete value: close containers or move to the next element
      while (true) {
        if (stack.isEmpty()) {
          return;
        }
        skipWs();
        char open = stack.charAt(stack.length() - 1);
        int d = next();
        if (d == ',') {
          if (open == '{') {
            skipWs();
            readKey();
          }
          break;
        }
        if (d == (open == '[' ? ']' : '}')) {
          stack.setLength(stack.length() - 1);
          continue;
        }
        throw new Invalid();
      }
    }
  }

  private void readKey() {
    if (peek() != '"') {
      throw new Invalid();
    }
    readString();
    skipWs();
    expect(':');
  }

  private void literal(String word) {
    if (!s.startsWith(word, i)) {
      throw new Invalid();
    }
    i += word.length();
  }

  private void number() {
    if (peek() == '-') {
      i++;
    }
    if (peek() == '0') {
      i++;
    } else if (peek() >= '1' && peek() <= '9') {
      while (peek() >= '0' && peek() <= '9') {
        i++;
      }
    } else {
      throw new Invalid();
    }
    if (peek() == '.') {
      i++;
      digits();
    }
    if (peek() == 'e' || peek() == 'E') {
      i++;
      if (peek() == '+' || peek() == '-') {
        i++;
      }
      digits();
    }
  }

  private void digits() {
    if (!(peek() >= '0' && peek() <= '9')) {
      throw new Invalid();
    }
    while (peek() >= '0' && peek() <= '9') {
      i++;
    }
  }
}
