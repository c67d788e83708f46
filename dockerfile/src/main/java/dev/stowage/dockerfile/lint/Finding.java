package dev.stowage.dockerfile.lint;

import dev.stowage.dockerfile.syntax.SourceRange;
import java.util.Objects;
import java.util.Optional;

/**
 * One problem found in a Dockerfile.
 *
 * @param rule the rule that found it
 * @param severity the effective severity (the rule's, or ERROR under {@code check=error=true})
 * @param file the Dockerfile's name as given
 * @param range where; {@link #line()} and {@link #column()} are its start
 * @param message one line a user can act on; never a secret value
 * @param fixHint what to do about it, if there is a concrete suggestion
 * @param match redacted evidence (e.g. {@code ARG NPM_TOKEN=npm_****}, {@code COPY .npmrc})
 */
public record Finding(Rule rule, Severity severity, String file, SourceRange range, String message,
    Optional<String> fixHint, String match) {
  public Finding {
    Objects.requireNonNull(rule, "rule");
    Objects.requireNonNull(severity, "severity");
    Objects.requireNonNull(file, "file");
    Objects.requireNonNull(range, "range");
    Objects.requireNonNull(message, "message");
    Objects.requireNonNull(fixHint, "fixHint");
    Objects.requireNonNull(match, "match");
  }

  public int line() {
    return range.startLine();
  }

  public int column() {
    return range.start().column();
  }

  Finding withSeverity(Severity s) {
    return new Finding(rule, s, file, range, message, fixHint, match);
  }

  /** {@code file:line:col: rule: message}, the text output's first line. */
  @Override
  public String toString() {
    return file + ":" + line() + ":" + column() + ": " + rule.id() + ": " + message;
  }
}
