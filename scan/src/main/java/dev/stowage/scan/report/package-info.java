/** Scan reports for people and tools (text, JSON lines, SARIF 2.1.0), and baselines of accepted findings. */
package dev.stowage.scan.report;
