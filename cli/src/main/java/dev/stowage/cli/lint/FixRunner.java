package dev.stowage.cli.lint;

import dev.stowage.cli.ExitCode;
import dev.stowage.dockerfile.ast.Dockerfile;
import dev.stowage.dockerfile.lint.LintResult;
import java.io.PrintWriter;
import java.nio.file.Path;

/** Applies {@code --fix}. */
final class FixRunner {
  private final PrintWriter out;
  private final PrintWriter err;

  FixRunner(PrintWriter out, PrintWriter err) {
    this.out = out;
    this.err = err;
  }

  int apply(Path file, String text, Dockerfile parsed, LintResult result, boolean inPlace, Path output) {
    err.println("--fix is not implemented yet");
    return ExitCode.FAILURE;
  }
}
