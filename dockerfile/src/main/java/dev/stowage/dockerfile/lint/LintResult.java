package dev.stowage.dockerfile.lint;

import java.util.List;

/**
 * The findings, in file order, and the configuration they were found under.
 *
 * @param secretArgs the ARG names reported as carrying a secret, for {@code --fix}
 */
public record LintResult(List<Finding> findings, LintConfig config, List<String> secretArgs) {
  public LintResult {
    findings = List.copyOf(findings);
    secretArgs = List.copyOf(secretArgs);
  }

  /** True when some finding is at error level: the lint fails. */
  public boolean hasErrors() {
    return findings.stream().anyMatch(f -> f.severity() == Severity.ERROR);
  }
}
