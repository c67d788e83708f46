package dev.stowage.cli.scan;

import dev.stowage.scan.Finding;
import dev.stowage.scan.Location;
import dev.stowage.scan.ScanReport;

/** The closing line of a text report: what was scanned and what was found. */
final class Summary {
  private Summary() {}

  static String of(ScanReport report) {
    ScanReport.Stats s = report.stats();
    String scanned = s.layers() + " layer" + (s.layers() == 1 ? "" : "s") + ", " + s.files() + " file"
        + (s.files() == 1 ? "" : "s") + ", " + mib(s.uncompressedBytes()) + " scanned";
    int count = report.findings().size();
    if (count == 0) {
      return "no secrets found in " + report.image() + " (" + scanned + ")";
    }
    long inFiles = report.findings().stream().filter(f -> f.location() instanceof Location.File).count();
    long deleted = report.findings().stream().map(Finding::location)
        .filter(l -> l instanceof Location.File f && f.deleted()).count();
    return count + " finding" + (count == 1 ? "" : "s") + " in " + report.image() + ": " + inFiles + " in layer files"
        + (deleted > 0 ? " (" + deleted + " deleted by a later layer but still in the image)" : "") + ", "
        + (count - inFiles) + " in the config and history (" + scanned + ")";
  }

  private static String mib(long bytes) {
    return String.format(java.util.Locale.ROOT, "%.1f MiB", bytes / (1024.0 * 1024.0));
  }
}
