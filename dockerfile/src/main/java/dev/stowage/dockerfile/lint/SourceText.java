package dev.stowage.dockerfile.lint;

import dev.stowage.dockerfile.syntax.SourceRange;
import java.util.List;

/** The physical lines of the Dockerfile, for exact finding positions. */
final class SourceText {
  private final List<String> lines;

  SourceText(String text) {
    String t = text.startsWith("\uFEFF") ? text.substring(1) : text;
    this.lines = List.of(t.split("\r?\n", -1));
  }

  String line(int number) {
    return number >= 1 && number <= lines.size() ? lines.get(number - 1) : "";
  }

  /**
   * The position of {@code fragment} within {@code range} (searching line by line), or a one-character range at the
   * start of {@code range} when it is not found on one line.
   */
  SourceRange locate(SourceRange range, String fragment) {
    if (!fragment.isEmpty()) {
      for (int n = range.startLine(); n <= range.endLine(); n++) {
        int at = line(n).indexOf(fragment);
        if (at >= 0) {
          return SourceRange.of(n, at + 1, n, at + 1 + fragment.length());
        }
      }
    }
    return SourceRange.of(range.startLine(), range.start().column(), range.startLine(), range.start().column() + 1);
  }
}
