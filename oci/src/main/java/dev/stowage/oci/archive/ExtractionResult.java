package dev.stowage.oci.archive;

import java.util.List;

/**
 * What an extraction did: entries applied, uncompressed bytes read, whiteouts handled, and what was skipped
 * (devices without privileges, xattrs the access cannot write), each as a one-line note for a warning.
 */
public record ExtractionResult(long entries, long uncompressedBytes, long whiteouts, List<String> skipped) {
  public ExtractionResult {
    skipped = List.copyOf(skipped);
  }
}
