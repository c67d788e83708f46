package dev.stowage.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns any exception into the lines a user sees and the exit code, without Java class names. Library
 * exceptions already carry user-facing messages (what was tried, why it failed, where); this class only adds
 * the {@code error:} prefix and the context lines some of them offer.
 */
final class ErrorMessages {
  private ErrorMessages() {}

  static List<String> render(Throwable ex) {
    List<String> lines = new ArrayList<>();
    lines.add("error: " + oneLine(ex));
    if (ex instanceof UserFacing userFacing) {
      lines.addAll(userFacing.contextLines());
    }
    return lines;
  }

  static int exitCodeOf(Throwable ex) {
    return switch (ex) {
      case CliException cli -> cli.exitCode();
      case UserFacing userFacing -> userFacing.exitCode();
      case InterruptedException interrupted -> ExitCode.INTERRUPTED;
      case NoSuchFileException missing -> ExitCode.USAGE;
      case AccessDeniedException denied -> ExitCode.USAGE;
      case UncheckedIOException io when io.getCause() != null -> exitCodeOf(io.getCause());
      default -> ExitCode.FAILURE;
    };
  }

  /** One line: the message of the exception, described without its class name. */
  static String oneLine(Throwable ex) {
    String message =
        switch (ex) {
          case NoSuchFileException missing -> "no such file or directory: " + missing.getFile();
          case AccessDeniedException denied -> "permission denied: " + denied.getFile();
          case FileSystemException fs -> fs.getMessage();
          case UncheckedIOException io when io.getCause() != null -> oneLine(io.getCause());
          case IOException io -> io.getMessage() == null ? "input/output error" : io.getMessage();
          case OutOfMemoryError oom -> "out of memory (raise the heap with STOWAGE_JAVA_OPTS=-Xmx...)";
          default -> ex.getMessage();
        };
    if (message == null || message.isBlank()) {
      message = "internal error (" + ex.getClass().getSimpleName() + "); run with --debug for details";
    }
    int newline = message.indexOf('\n');
    return newline < 0 ? message : message.substring(0, newline);
  }

  /**
   * Implemented by CLI-side adapters of library exceptions that carry extra context (a quoted Dockerfile line
   * with a caret, a hint).
   */
  interface UserFacing {
    int exitCode();

    List<String> contextLines();
  }
}
