package dev.stowage.cli;

import dev.stowage.cli.common.CliException;
import dev.stowage.cli.common.ExitCode;

import dev.stowage.dockerfile.parse.DockerfileSyntaxException;
import dev.stowage.engine.BuildInputException;
import dev.stowage.engine.guard.LeakDetectedException;
import dev.stowage.engine.plan.PlanException;
import dev.stowage.oci.ref.InvalidReferenceException;
import dev.stowage.secrets.SecretException;
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
    switch (ex) {
      case UserFacing userFacing -> lines.addAll(userFacing.contextLines());
      case DockerfileSyntaxException syntax -> {
        lines.addAll(List.of(syntax.excerpt().split("\n")));
        syntax.hint().filter(h -> !lines.get(0).contains(h)).ifPresent(h -> lines.add("hint: " + h));
      }
      case PlanException plan -> plan.hint().ifPresent(h -> lines.add("hint: " + h));
      case BuildInputException input -> lines.addAll(input.details());
      default -> { }
    }
    return lines;
  }

  static int exitCodeOf(Throwable ex) {
    return switch (ex) {
      case CliException cli -> cli.exitCode();
      case UserFacing userFacing -> userFacing.exitCode();
      case LeakDetectedException leak -> ExitCode.LEAK;
      case DockerfileSyntaxException syntax -> ExitCode.USAGE;
      case PlanException plan -> ExitCode.USAGE;
      case BuildInputException input -> ExitCode.USAGE;
      case SecretException secret -> ExitCode.USAGE;
      case InvalidReferenceException reference -> ExitCode.USAGE;
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
