package dev.stowage.dockerfile.lint.shell;

/**
 * A redirection: {@code op} is one of {@code > >> >| &> &>> < << <<- <<< >& <& <>}; {@code fd} is the file
 * descriptor written before it, or -1 when none was written. For a here-document written inside the script,
 * {@code heredocBody} is its text (null otherwise) and {@code heredocExpands} whether the shell expands it.
 */
public record Redirect(String op, int fd, ShellWord target, String heredocBody, boolean heredocExpands) {
  public Redirect(String op, int fd, ShellWord target) {
    this(op, fd, target, null, false);
  }

  /** True when this redirection sends standard output somewhere. */
  public boolean redirectsStdout() {
    return switch (op) {
      case ">", ">>", ">|" -> fd == -1 || fd == 1;
      case "&>", "&>>" -> true;
      case ">&" -> fd == -1 || fd == 1;
      default -> false;
    };
  }

  /** True for operators that replace a file's content ({@code >}, {@code >|}, {@code &>}). */
  public boolean truncates() {
    return op.equals(">") || op.equals(">|") || op.equals("&>");
  }
}
