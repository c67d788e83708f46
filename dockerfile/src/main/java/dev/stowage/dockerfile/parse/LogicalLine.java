package dev.stowage.dockerfile.parse;

import dev.stowage.dockerfile.syntax.SourcePos;
import dev.stowage.dockerfile.syntax.SourceRange;
import java.util.List;

/**
 * One instruction's text after continuation lines are joined, with a map from each character back to its
 * physical line and column (so errors and words can point at the exact source position).
 */
final class LogicalLine {
  private final String text;
  /** Segment i starts at logical offset segStart[i], physical line segLine[i], column segCol[i]. */
  private final int[] segStart;
  private final int[] segLine;
  private final int[] segCol;
  private final int firstLine;
  private final int lastLine;
  private final List<String> comments;

  LogicalLine(String text, int[] segStart, int[] segLine, int[] segCol, int firstLine, int lastLine,
      List<String> comments) {
    this.text = text;
    this.segStart = segStart;
    this.segLine = segLine;
    this.segCol = segCol;
    this.firstLine = firstLine;
    this.lastLine = lastLine;
    this.comments = List.copyOf(comments);
  }

  String text() {
    return text;
  }

  int firstLine() {
    return firstLine;
  }

  /** The last physical line consumed, comment and blank lines inside the continuation included. */
  int lastLine() {
    return lastLine;
  }

  List<String> comments() {
    return comments;
  }

  /** The source position of the character at {@code offset}; past the end, the position after the last one. */
  SourcePos pos(int offset) {
    if (text.isEmpty()) {
      return new SourcePos(segLine[0], segCol[0]);
    }
    if (offset >= text.length()) {
      SourcePos last = pos(text.length() - 1);
      return new SourcePos(last.line(), last.column() + 1);
    }
    int lo = 0;
    int hi = segStart.length - 1;
    while (lo < hi) { // last segment starting at or before offset
      int mid = (lo + hi + 1) >>> 1;
      if (segStart[mid] <= offset) {
        lo = mid;
      } else {
        hi = mid - 1;
      }
    }
    return new SourcePos(segLine[lo], segCol[lo] + (offset - segStart[lo]));
  }

  /** The range of characters [from, to). An empty range is a point at {@code from}. */
  SourceRange range(int from, int to) {
    SourcePos start = pos(from);
    if (to <= from) {
      return new SourceRange(start, start);
    }
    SourcePos last = pos(to - 1);
    return new SourceRange(start, new SourcePos(last.line(), last.column() + 1));
  }
}
