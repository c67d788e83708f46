package dev.stowage.dockerfile.parse;

import dev.stowage.dockerfile.syntax.SourceRange;
import java.util.Objects;
import java.util.Optional;

/**
 * A Dockerfile that cannot be parsed. {@link #getMessage()} is one line,
 * {@code <file>:<line>:<col>: <what is wrong>}; {@link #excerpt()} shows the source line with a caret under the
 * problem, and {@link #hint()} a suggestion such as "did you mean COPY?".
 */
public final class DockerfileSyntaxException extends RuntimeException {
  private final String fileName;
  private final transient SourceRange range;
  private final String problem;
  private final String hint;
  private final String sourceLine;

  public DockerfileSyntaxException(String fileName, SourceRange range, String problem, Optional<String> hint,
      String sourceLine) {
    super(fileName + ":" + range.start().line() + ":" + range.start().column() + ": " + problem
        + hint.map(h -> " (" + h + ")").orElse(""));
    this.fileName = Objects.requireNonNull(fileName, "fileName");
    this.range = range;
    this.problem = problem;
    this.hint = hint.orElse(null);
    this.sourceLine = sourceLine == null ? "" : sourceLine;
  }

  public String fileName() {
    return fileName;
  }

  public SourceRange range() {
    return range;
  }

  public int line() {
    return range.start().line();
  }

  public int column() {
    return range.start().column();
  }

  /** What is wrong, without location or hint. */
  public String problem() {
    return problem;
  }

  public Optional<String> hint() {
    return Optional.ofNullable(hint);
  }

  /** The physical source line the problem starts on. */
  public String sourceLine() {
    return sourceLine;
  }

  /**
   * The source line quoted with a caret line under the problem, e.g.
   *
   * <pre>
   *    2 | FROBNICATE all the things
   *      | ^^^^^^^^^^
   * </pre>
   */
  public String excerpt() {
    String number = Integer.toString(line());
    String gutter = " ".repeat(number.length());
    String shown = sourceLine.replace('\t', ' ');
    int startCol = Math.min(column(), shown.length() + 1);
    int width = range.end().line() == range.start().line()
        ? Math.max(1, range.end().column() - range.start().column())
        : Math.max(1, shown.length() - startCol + 1);
    width = Math.max(1, Math.min(width, shown.length() - startCol + 1));
    return " " + number + " | " + shown + "\n"
        + " " + gutter + " | " + " ".repeat(startCol - 1) + "^".repeat(width);
  }

  /** The message, the excerpt and the hint, for a console. */
  public String detailedMessage() {
    return getMessage() + "\n" + excerpt() + hint().map(h -> "\n hint: " + h).orElse("");
  }
}
