package dev.stowage.oci;

import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.CharacterEscapes;
import com.fasterxml.jackson.core.io.SerializedString;

/**
 * String escaping as Go's {@code encoding/json} does it, so the JSON we write is byte-identical to what docker
 * and BuildKit write for the same data: {@code <}, {@code >} and {@code &} as {@code \u003c} etc., control
 * characters with lower-case hex, and U+2028/U+2029 escaped.
 */
final class GoJsonEscapes extends CharacterEscapes {
  private static final long serialVersionUID = 1L;
  private final int[] asciiEscapes;

  GoJsonEscapes() {
    asciiEscapes = standardAsciiEscapesForJSON();
    for (int c = 0; c < 0x20; c++) {
      if (c != '\n' && c != '\r' && c != '\t') {
        asciiEscapes[c] = ESCAPE_CUSTOM;
      }
    }
    asciiEscapes['<'] = ESCAPE_CUSTOM;
    asciiEscapes['>'] = ESCAPE_CUSTOM;
    asciiEscapes['&'] = ESCAPE_CUSTOM;
  }

  @Override
  public int[] getEscapeCodesForAscii() {
    return asciiEscapes;
  }

  @Override
  public SerializableString getEscapeSequence(int ch) {
    if (ch < 0x80 || ch == 0x2028 || ch == 0x2029) {
      return new SerializedString(String.format("\\u%04x", ch));
    }
    return null;
  }
}
