package dev.stowage.cli.build.progress;

/** Text from a build (step output, names) made safe to place inside a view that is redrawn in place. */
final class LogText {
  private static final char ESC = 0x1b;

  private LogText() {}

  /**
   * One line as a terminal would leave it: the text after its last carriage return (progress bars), with every
   * escape sequence and control character turned into one space. A space, never nothing: dropping a sequence
   * would join the text around it, and redaction upstream matched the bytes as they were, so a secret split by
   * an escape code must stay split.
   */
  static String displayLine(String line) {
    String text = line.endsWith("\r") ? line.substring(0, line.length() - 1) : line;
    text = text.substring(text.lastIndexOf('\r') + 1);
    StringBuilder out = new StringBuilder(text.length());
    int i = 0;
    while (i < text.length()) {
      char c = text.charAt(i);
      if (c == ESC) {
        i = skipEscape(text, i);
        out.append(' ');
      } else {
        out.append(isControl(c) ? ' ' : c);
        i++;
      }
    }
    return out.toString();
  }

  /** At most {@code max} code points of {@code text}. */
  static String truncate(String text, int max) {
    if (max <= 0) {
      return "";
    }
    if (text.codePointCount(0, text.length()) <= max) {
      return text;
    }
    return text.substring(0, text.offsetByCodePoints(0, max));
  }

  static int width(String text) {
    return text.codePointCount(0, text.length());
  }

  private static boolean isControl(char c) {
    return c < 0x20 || c == 0x7f || (c >= 0x80 && c < 0xa0);
  }

  /** The index after the escape sequence starting at {@code start} (CSI, OSC, or a two-character one). */
  private static int skipEscape(String text, int start) {
    int i = start + 1;
    if (i >= text.length()) {
      return i;
    }
    char kind = text.charAt(i++);
    if (kind == '[') { // CSI: parameter and intermediate bytes, then one final byte
      while (i < text.length() && text.charAt(i) >= 0x20 && text.charAt(i) <= 0x3f) {
        i++;
      }
      return i < text.length() && text.charAt(i) >= 0x40 && text.charAt(i) <= 0x7e ? i + 1 : i;
    }
    if (kind == ']') { // OSC: up to BEL or ESC backslash
      while (i < text.length()) {
        char c = text.charAt(i++);
        if (c == 0x07) {
          return i;
        }
        if (c == ESC && i < text.length() && text.charAt(i) == '\\') {
          return i + 1;
        }
      }
      return i;
    }
    return i;
  }
}
