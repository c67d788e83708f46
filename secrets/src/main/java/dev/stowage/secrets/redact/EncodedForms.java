package dev.stowage.secrets.redact;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;

/**
 * The byte strings under which a secret may show up in output: the raw bytes and their base64, hex,
 * percent-encoded and JSON-escaped forms. Forms equal to one already listed are left out, so a plain
 * alphanumeric token yields no URL or JSON variant. Pure; the caller zero-fills the returned arrays.
 */
final class EncodedForms {
  private EncodedForms() {}

  record Form(SecretEncoding encoding, byte[] bytes) {}

  private static final byte[] UPPER_HEX = "0123456789ABCDEF".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
  private static final byte[] LOWER_HEX = "0123456789abcdef".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

  static List<Form> of(byte[] raw) {
    List<Form> forms = new ArrayList<>();
    add(forms, SecretEncoding.RAW, raw.clone());
    base64(forms, raw, SecretEncoding.BASE64, Base64.getEncoder());
    base64(forms, raw, SecretEncoding.BASE64_URL, Base64.getUrlEncoder());
    add(forms, SecretEncoding.HEX, hex(raw, LOWER_HEX));
    add(forms, SecretEncoding.HEX, hex(raw, UPPER_HEX));
    add(forms, SecretEncoding.URL_ENCODED, percent(raw, "-._~", UPPER_HEX, false)); // RFC 3986, Go PathEscape
    add(forms, SecretEncoding.URL_ENCODED, percent(raw, "-._~", LOWER_HEX, false));
    add(forms, SecretEncoding.URL_ENCODED, percent(raw, "-._~", UPPER_HEX, true)); // Go QueryEscape
    add(forms, SecretEncoding.URL_ENCODED, percent(raw, ".-*_", UPPER_HEX, true)); // java.net.URLEncoder
    add(forms, SecretEncoding.JSON_ESCAPED, json(raw, JsonStyle.JACKSON));
    add(forms, SecretEncoding.JSON_ESCAPED, json(raw, JsonStyle.GO));
    add(forms, SecretEncoding.JSON_ESCAPED, json(raw, JsonStyle.GO_BEFORE_1_22));
    add(forms, SecretEncoding.JSON_ESCAPED, json(raw, JsonStyle.GO_NO_HTML));
    return forms;
  }

  private static void add(List<Form> forms, SecretEncoding encoding, byte[] bytes) {
    for (Form form : forms) {
      if (Arrays.equals(form.bytes(), bytes)) {
        Arrays.fill(bytes, (byte) 0);
        return;
      }
    }
    forms.add(new Form(encoding, bytes));
  }

  /**
   * The whole encoding, padded and not, plus, for each of the three byte alignments the secret can have inside
   * a longer base64 stream, the characters that depend on the secret's bits alone. Character {@code i} of an
   * encoding covers input bits {@code [6i, 6i+6)}; with {@code o} bytes before the secret, its bits are
   * {@code [8o, 8(o+n))}.
   */
  private static void base64(List<Form> forms, byte[] raw, SecretEncoding encoding, Base64.Encoder encoder) {
    add(forms, encoding, encoder.encode(raw));
    add(forms, encoding, encoder.withoutPadding().encode(raw));
    int n = raw.length;
    for (int offset = 0; offset < 3; offset++) {
      byte[] shifted = new byte[offset + n];
      System.arraycopy(raw, 0, shifted, offset, n);
      byte[] encoded = encoder.withoutPadding().encode(shifted);
      int first = (8 * offset + 5) / 6;
      int end = (8 * (offset + n)) / 6;
      add(forms, encoding, Arrays.copyOfRange(encoded, first, end));
      Arrays.fill(shifted, (byte) 0);
      Arrays.fill(encoded, (byte) 0);
    }
  }

  private static byte[] hex(byte[] raw, byte[] digits) {
    byte[] out = new byte[raw.length * 2];
    for (int i = 0; i < raw.length; i++) {
      out[2 * i] = digits[(raw[i] >> 4) & 0xf];
      out[2 * i + 1] = digits[raw[i] & 0xf];
    }
    return out;
  }

  private static byte[] percent(byte[] raw, String unreservedMarks, byte[] digits, boolean spaceAsPlus) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(raw.length * 3); // the worst case: never grows
    for (byte b : raw) {
      int c = b & 0xff;
      boolean alphanumeric = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
      if (alphanumeric || (c < 0x80 && unreservedMarks.indexOf(c) >= 0)) {
        out.write(c);
      } else if (c == ' ' && spaceAsPlus) {
        out.write('+');
      } else {
        out.write('%');
        out.write(digits[c >> 4]);
        out.write(digits[c & 0xf]);
      }
    }
    return toArrayAndWipe(out);
  }

  enum JsonStyle {
    /** Jackson: short escapes for \b \t \n \f \r, {@code \\u00XX} upper case for other controls. */
    JACKSON,
    /** Go 1.22+: as Jackson but lower-case hex, plus {@code < > &} and U+2028/U+2029 escaped. */
    GO,
    /** Go before 1.22: as {@link #GO} but \b and \f written as {@code \\u0008} and {@code \\u000c}. */
    GO_BEFORE_1_22,
    /** Go with {@code SetEscapeHTML(false)}. */
    GO_NO_HTML
  }

  private static byte[] json(byte[] raw, JsonStyle style) {
    boolean go = style != JsonStyle.JACKSON;
    byte[] digits = go ? LOWER_HEX : UPPER_HEX;
    // Sized for the worst case so it never grows (growing would leave an unwiped copy behind).
    ByteArrayOutputStream out = new ByteArrayOutputStream(raw.length * 6);
    for (int i = 0; i < raw.length; i++) {
      int c = raw[i] & 0xff;
      String shortEscape =
          switch (c) {
            case '"' -> "\\\"";
            case '\\' -> "\\\\";
            case '\n' -> "\\n";
            case '\r' -> "\\r";
            case '\t' -> "\\t";
            case '\b' -> style == JsonStyle.GO_BEFORE_1_22 ? null : "\\b";
            case '\f' -> style == JsonStyle.GO_BEFORE_1_22 ? null : "\\f";
            default -> null;
          };
      boolean html = (style == JsonStyle.GO || style == JsonStyle.GO_BEFORE_1_22) && (c == '<' || c == '>' || c == '&');
      boolean lineSeparator =
          go && c == 0xe2 && i + 2 < raw.length && (raw[i + 1] & 0xff) == 0x80
              && ((raw[i + 2] & 0xff) == 0xa8 || (raw[i + 2] & 0xff) == 0xa9);
      if (shortEscape != null) {
        out.writeBytes(shortEscape.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
      } else if (c < 0x20 || html) {
        unicodeEscape(out, c, digits);
      } else if (lineSeparator) {
        unicodeEscape(out, (raw[i + 2] & 0xff) == 0xa8 ? 0x2028 : 0x2029, digits);
        i += 2;
      } else {
        out.write(c);
      }
    }
    return toArrayAndWipe(out);
  }

  private static void unicodeEscape(ByteArrayOutputStream out, int codePoint, byte[] digits) {
    out.write('\\');
    out.write('u');
    for (int shift = 12; shift >= 0; shift -= 4) {
      out.write(digits[(codePoint >> shift) & 0xf]);
    }
  }

  /** {@code ByteArrayOutputStream} cannot be wiped; overwrite it with zeros of the same length before dropping. */
  private static byte[] toArrayAndWipe(ByteArrayOutputStream out) {
    byte[] bytes = out.toByteArray();
    int size = out.size();
    out.reset();
    out.write(new byte[size], 0, size);
    return bytes;
  }
}
