package dev.stowage.dockerfile.expand;

/** Character classes as Go's {@code unicode} package defines them, which BuildKit's lexers use. */
public final class GoChars {
  private GoChars() {}

  /** Go's {@code unicode.IsSpace}. */
  public static boolean isSpace(int cp) {
    if (cp <= 0xFF) {
      return cp == ' ' || (cp >= '\t' && cp <= '\r') || cp == 0x85 || cp == 0xA0;
    }
    return Character.isSpaceChar(cp);
  }
}
