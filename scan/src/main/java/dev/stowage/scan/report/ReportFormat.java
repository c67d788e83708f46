package dev.stowage.scan.report;

/** How a scan report is printed. */
public enum ReportFormat {
  /** A table for people. */
  TEXT,
  /** One JSON object per finding and line, the format of the leak corpus. */
  JSON,
  /** One SARIF 2.1.0 document. */
  SARIF
}
