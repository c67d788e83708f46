package dev.stowage.dockerfile.syntax;

import java.util.Objects;

/**
 * A span of Dockerfile text. {@code start} is the first character; {@code end} is exclusive (the column just
 * past the last character), so an instruction spanning lines 3-5 ends at line 5, column length+1.
 */
public record SourceRange(SourcePos start, SourcePos end) {
  public SourceRange {
    Objects.requireNonNull(start, "start");
    Objects.requireNonNull(end, "end");
    if (end.compareTo(start) < 0) {
      throw new IllegalArgumentException("range ends before it starts: " + start + "-" + end);
    }
  }

  public static SourceRange of(int startLine, int startColumn, int endLine, int endColumn) {
    return new SourceRange(new SourcePos(startLine, startColumn), new SourcePos(endLine, endColumn));
  }

  /** The whole of one line, or a zero-width point when the length is 0. */
  public static SourceRange line(int line, int length) {
    return of(line, 1, line, length + 1);
  }

  public int startLine() {
    return start.line();
  }

  public int endLine() {
    return end.line();
  }

  /** The smallest range covering both. */
  public SourceRange union(SourceRange other) {
    SourcePos s = start.compareTo(other.start) <= 0 ? start : other.start;
    SourcePos e = end.compareTo(other.end) >= 0 ? end : other.end;
    return new SourceRange(s, e);
  }

  public boolean contains(SourcePos pos) {
    return start.compareTo(pos) <= 0 && pos.compareTo(end) <= 0;
  }

  @Override
  public String toString() {
    return start + "-" + end;
  }
}
