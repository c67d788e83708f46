package dev.stowage.scan.detect;

/**
 * Bytes seen as characters one to one (ISO 8859-1), without copying: the credential patterns are ASCII, so a
 * UTF-8 file reads the same to them, and a binary file cannot make the view fail.
 */
final class ByteView implements CharSequence {
  private final byte[] bytes;
  private final int from;
  private int to;

  ByteView(byte[] bytes, int from, int to) {
    this.bytes = bytes;
    this.from = from;
    this.to = to;
  }

  /** Moves the end of a view that starts at 0 (the buffer grew or shrank). */
  void end(int newTo) {
    this.to = newTo;
  }

  @Override
  public int length() {
    return to - from;
  }

  @Override
  public char charAt(int index) {
    return (char) (bytes[from + index] & 0xff);
  }

  @Override
  public CharSequence subSequence(int start, int end) {
    if (start < 0 || end > length() || start > end) {
      throw new IndexOutOfBoundsException("[" + start + ", " + end + ") of " + length());
    }
    return new ByteView(bytes, from + start, from + end);
  }

  @Override
  public String toString() {
    return new String(bytes, from, to - from, java.nio.charset.StandardCharsets.ISO_8859_1);
  }
}
