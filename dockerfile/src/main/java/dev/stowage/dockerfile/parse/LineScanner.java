package dev.stowage.dockerfile.parse;

import dev.stowage.dockerfile.ast.Diagnostic;
import dev.stowage.dockerfile.ast.Directive;
import dev.stowage.dockerfile.expand.GoChars;
import dev.stowage.dockerfile.syntax.SourceRange;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Reads physical lines into logical lines the way BuildKit's parser does: parser directives only at the very
 * top, comment lines, continuation with the escape token (trailing blanks allowed), comment and blank lines
 * inside a continuation skipped (blank ones with a warning), a UTF-8 BOM and CRLF line endings accepted. Heredoc
 * bodies are read on request, after the instruction line that announced them, and kept byte for byte (a CRLF file
 * gives CRLF heredoc content, as in BuildKit).
 */
final class LineScanner {
  private static final Set<String> KNOWN_DIRECTIVES = Set.of("syntax", "escape", "check");

  /** Physical lines without their line endings (trailing CRs removed). */
  private final List<String> lines = new ArrayList<>();
  /** Physical lines as written, carriage returns included (heredoc bodies keep them, as BuildKit does). */
  private final List<String> originals = new ArrayList<>();
  /** Whether physical line i was terminated by a newline in the source. */
  private final List<Boolean> terminated = new ArrayList<>();
  private int next;
  private char escape = '\\';
  private boolean directivesDone;
  private final List<Directive> directives = new ArrayList<>();
  private final List<String> comments = new ArrayList<>();
  private final List<Diagnostic> warnings = new ArrayList<>();

  LineScanner(String text) {
    String body = text.startsWith("\uFEFF") ? text.substring(1) : text;
    int start = 0;
    while (start < body.length()) {
      int nl = body.indexOf('\n', start);
      int end = nl < 0 ? body.length() : nl;
      String original = body.substring(start, end);
      originals.add(original);
      lines.add(stripTrailingCarriageReturns(original));
      terminated.add(nl >= 0);
      start = end + 1;
    }
  }

  private static String stripTrailingCarriageReturns(String s) {
    int end = s.length();
    while (end > 0 && s.charAt(end - 1) == '\r') {
      end--;
    }
    return s.substring(0, end);
  }

  /** Where the continuation token starts (escape token followed only by blanks and tabs), or -1. */
  private int continuationAt(String line) {
    int i = line.length() - 1;
    while (i >= 0 && (line.charAt(i) == ' ' || line.charAt(i) == '\t')) {
      i--;
    }
    return i >= 0 && line.charAt(i) == escape ? i : -1;
  }

  char escape() {
    return escape;
  }

  List<Directive> directives() {
    return List.copyOf(directives);
  }

  List<Diagnostic> warnings() {
    return List.copyOf(warnings);
  }

  /** The physical line (1-based), or "" past the end. */
  String physicalLine(int number) {
    return number >= 1 && number <= lines.size() ? lines.get(number - 1) : "";
  }

  int lineCount() {
    return lines.size();
  }

  /** The next logical line, or null at the end of the file. */
  LogicalLine next() {
    while (next < lines.size()) {
      String raw = lines.get(next);
      int lineNo = ++next;
      String trimmed = trimLeft(raw);
      boolean comment = trimmed.startsWith("#");
      boolean directive = possibleDirective(trimmed, lineNo);
      if (comment && !directive) {
        String text = trimmed.substring(1).strip();
        if (text.isEmpty()) {
          comments.clear();
        } else {
          comments.add(text);
        }
      }
      String content = comment ? "" : trimmed;
      boolean endOfLine = continuationAt(content) < 0;
      content = stripContinuation(content);
      if (endOfLine && content.isEmpty()) {
        continue;
      }
      StringBuilder text = new StringBuilder(content);
      IntList segStart = new IntList();
      IntList segLine = new IntList();
      IntList segCol = new IntList();
      segStart.add(0);
      segLine.add(lineNo);
      segCol.add(raw.length() - trimmed.length() + 1);
      int emptyContinuationLine = 0;
      while (!endOfLine && next < lines.size()) {
        String part = lines.get(next);
        int partNo = ++next;
        String partTrimmed = trimLeft(part);
        if (partTrimmed.startsWith("#")) {
          continue; // a comment line inside a continuation is dropped
        }
        if (partTrimmed.isEmpty()) {
          if (emptyContinuationLine == 0) {
            emptyContinuationLine = partNo;
          }
          continue;
        }
        endOfLine = continuationAt(part) < 0;
        segStart.add(text.length());
        segLine.add(partNo);
        segCol.add(1);
        text.append(stripContinuation(part));
      }
      if (emptyContinuationLine > 0) {
        warnings.add(new Diagnostic("NoEmptyContinuation",
            "empty continuation line: a blank line inside a continued instruction is deprecated and will become"
                + " an error; remove it or end the instruction before it",
            SourceRange.line(emptyContinuationLine, 0)));
      }
      LogicalLine line = new LogicalLine(text.toString(), segStart.toArray(), segLine.toArray(), segCol.toArray(),
          lineNo, next, comments);
      comments.clear();
      return line;
    }
    return null;
  }

  private String stripContinuation(String line) {
    int at = continuationAt(line);
    return at >= 0 ? line.substring(0, at) : line;
  }

  /**
   * Reads a heredoc body up to its terminator line.
   *
   * @return the body exactly as written (line endings included) and the last line read
   * @throws ParseProblem when the file ends before the terminator
   */
  HeredocBody readHeredoc(String name, boolean chomp, SourceRange marker) {
    StringBuilder content = new StringBuilder();
    int firstBodyLine = next + 1;
    while (next < lines.size()) {
      String raw = lines.get(next);
      String original = originals.get(next);
      boolean hadNewline = terminated.get(next);
      next++;
      String candidate = chomp ? raw.replaceFirst("^\t+", "") : raw;
      if (candidate.equals(name)) {
        return new HeredocBody(content.toString(), firstBodyLine, next);
      }
      content.append(original);
      if (hadNewline) {
        content.append('\n');
      }
    }
    throw new ParseProblem("unterminated heredoc: no line \"" + name + "\" ends the here-document started here",
        marker, "end the here-document with a line containing only " + name);
  }

  record HeredocBody(String content, int firstLine, int terminatorLine) {}

  /** Records the line if it is a parser directive; true when it was one. */
  private boolean possibleDirective(String trimmedLine, int lineNo) {
    if (directivesDone) {
      return false;
    }
    String[] nameValue = splitDirective(trimmedLine);
    if (nameValue == null) {
      directivesDone = true;
      return false;
    }
    String name = nameValue[0].toLowerCase(Locale.ROOT);
    if (!KNOWN_DIRECTIVES.contains(name)) {
      directivesDone = true;
      return false;
    }
    SourceRange range = SourceRange.line(lineNo, lines.get(lineNo - 1).length());
    for (Directive seen : directives) {
      if (seen.name().equals(name)) {
        throw new ParseProblem("only one " + name + " parser directive can be used", range,
            "remove the second '# " + name + "=' line (first one is on line " + seen.range().startLine() + ")");
      }
    }
    String value = nameValue[1];
    if (name.equals("escape")) {
      if (!value.equals("`") && !value.equals("\\")) {
        throw new ParseProblem("invalid escape token '" + value + "' does not match ` or \\", range,
            "use '# escape=\\' (the default) or '# escape=`'");
      }
      escape = value.charAt(0);
    }
    directives.add(new Directive(name, value, range));
    return true;
  }

  /**
   * Matches BuildKit's directive pattern {@code ^#\s*([a-zA-Z][a-zA-Z0-9]*)\s*=\s*(.+?)\s*$} by hand (linear
   * time on any input): the name and the trimmed value, or null.
   */
  static String[] splitDirective(String line) {
    if (!line.startsWith("#")) {
      return null;
    }
    int i = skipRegexSpace(line, 1);
    int nameStart = i;
    if (i >= line.length() || !isAsciiLetter(line.charAt(i))) {
      return null;
    }
    while (i < line.length() && (isAsciiLetter(line.charAt(i)) || (line.charAt(i) >= '0' && line.charAt(i) <= '9'))) {
      i++;
    }
    String name = line.substring(nameStart, i);
    i = skipRegexSpace(line, i);
    if (i >= line.length() || line.charAt(i) != '=') {
      return null;
    }
    i = skipRegexSpace(line, i + 1);
    int end = line.length();
    while (end > i && isRegexSpace(line.charAt(end - 1))) {
      end--;
    }
    return end > i ? new String[] {name, line.substring(i, end)} : null;
  }

  private static boolean isAsciiLetter(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
  }

  /** RE2's {@code \s}: [\t\n\f\r ]. */
  private static boolean isRegexSpace(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\f' || c == '\r';
  }

  private static int skipRegexSpace(String s, int i) {
    while (i < s.length() && isRegexSpace(s.charAt(i))) {
      i++;
    }
    return i;
  }

  static String trimLeft(String s) {
    int i = 0;
    while (i < s.length()) {
      int cp = s.codePointAt(i);
      if (!GoChars.isSpace(cp)) {
        break;
      }
      i += Character.charCount(cp);
    }
    return s.substring(i);
  }

  /** A growable int array, to map logical offsets without boxing. */
  private static final class IntList {
    private int[] values = new int[4];
    private int size;

    void add(int v) {
      if (size == values.length) {
        values = java.util.Arrays.copyOf(values, size * 2);
      }
      values[size++] = v;
    }

    int[] toArray() {
      return java.util.Arrays.copyOf(values, size);
    }
  }
}
