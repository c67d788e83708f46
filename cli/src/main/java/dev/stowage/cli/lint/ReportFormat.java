package dev.stowage.cli.lint;

/** The output formats of {@code stowage lint --format}. */
public enum ReportFormat {
  /** {@code file:line:col: rule: message} and a hint line, for people. */
  TEXT,
  /** One JSON object per finding and line (the leak corpus format). */
  JSON,
  /** One SARIF 2.1.0 document, for GitHub code scanning. */
  SARIF
}
