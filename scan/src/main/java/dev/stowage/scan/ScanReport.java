package dev.stowage.scan;

import java.util.List;
import java.util.Objects;

/**
 * The result of scanning one image: what was scanned, the findings (in the order found: config first, then layer
 * by layer), warnings about what could not be searched, and counts.
 *
 * @param image how the input was named ({@code docker-archive:app.tar (app:1)})
 * @param imageId the config digest, the ID docker shows
 */
public record ScanReport(String image, String imageId, List<Finding> findings, List<String> warnings, Stats stats) {
  /** What the scan read. */
  public record Stats(int layers, long files, long compressedBytes, long uncompressedBytes) {}

  public ScanReport {
    Objects.requireNonNull(image, "image");
    Objects.requireNonNull(imageId, "imageId");
    findings = List.copyOf(findings);
    warnings = List.copyOf(warnings);
    Objects.requireNonNull(stats, "stats");
  }

  public ScanReport withFindings(List<Finding> value) {
    return new ScanReport(image, imageId, value, warnings, stats);
  }
}
