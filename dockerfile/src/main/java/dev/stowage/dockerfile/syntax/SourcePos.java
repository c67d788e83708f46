package dev.stowage.dockerfile.syntax;

/**
 * A position in a Dockerfile: 1-based line, 1-based column. Columns count UTF-16 code units of the
 * physical line (a tab is one column).
 */
public record SourcePos(int line, int column) implements Comparable<SourcePos> {
  public SourcePos {
    if (line < 1 || column < 1) {
      throw new IllegalArgumentException("line and column are 1-based, got " + line + ":" + column);
    }
  }

  @Override
  public int compareTo(SourcePos other) {
    return line != other.line ? Integer.compare(line, other.line) : Integer.compare(column, other.column);
  }

  @Override
  public String toString() {
    return line + ":" + column;
  }
}
