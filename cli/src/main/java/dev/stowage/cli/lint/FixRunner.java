package dev.stowage.cli.lint;

import dev.stowage.cli.common.ExitCode;
import dev.stowage.dockerfile.ast.Dockerfile;
import dev.stowage.dockerfile.lint.LintResult;
import dev.stowage.dockerfile.lint.SecretArgFix;
import dev.stowage.dockerfile.parse.DockerfileParser;
import dev.stowage.dockerfile.parse.DockerfileSyntaxException;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Applies {@code --fix}: rewrites secret ARGs into secret mounts, checks the result parses, then prints a unified
 * diff, writes a new file, or replaces the Dockerfile ({@code --in-place}, through a temporary file and a rename).
 */
final class FixRunner {
  private final PrintWriter out;
  private final PrintWriter err;

  FixRunner(PrintWriter out, PrintWriter err) {
    this.out = out;
    this.err = err;
  }

  int apply(Path file, String text, Dockerfile parsed, LintResult result, boolean inPlace, Path output)
      throws IOException {
    SecretArgFix.Result fixed = SecretArgFix.fix(parsed, text, result.secretArgs());
    if (!fixed.changed()) {
      err.println("nothing to fix: no ARG carries a secret");
      err.flush();
      return ExitCode.OK;
    }
    try {
      DockerfileParser.parse(fixed.text(), file.toString());
    } catch (DockerfileSyntaxException e) {
      err.println("error: the fixed Dockerfile would not parse (" + e.getMessage() + "); nothing was written");
      err.flush();
      return ExitCode.FAILURE;
    }
    if (inPlace || output != null) {
      Path target = inPlace ? file : output;
      Path tmp = Files.createTempFile(target.toAbsolutePath().getParent(), ".stowage-fix", ".tmp");
      try {
        Files.writeString(tmp, fixed.text(), StandardCharsets.UTF_8);
        Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      } finally {
        Files.deleteIfExists(tmp);
      }
      err.println("wrote " + target);
    } else {
      String name = file.toString().replace('\\', '/');
      out.print(UnifiedDiff.diff("a/" + name, "b/" + name, text, fixed.text()));
      out.flush();
    }
    for (String note : fixed.notes()) {
      err.println("note: " + note);
    }
    if (!fixed.secretFlags().isEmpty()) {
      err.println("build with: " + String.join(" ", fixed.secretFlags()));
      err.println("(each --secret ...,env=NAME reads the value from the environment variable NAME)");
    }
    err.flush();
    return ExitCode.OK;
  }
}
