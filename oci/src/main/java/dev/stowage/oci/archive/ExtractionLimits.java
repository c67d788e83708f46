package dev.stowage.oci.archive;

/**
 * Caps that keep a hostile layer from exhausting the disk: the size of one entry, the total uncompressed size,
 * the number of entries, and the expansion ratio of uncompressed to compressed bytes once {@code ratioGrace}
 * uncompressed bytes have been read (a ratio of 0 disables that check). gzip cannot exceed about 1030:1, so the
 * ratio catches zstd and nested bombs; the total size is the guard for gzip.
 */
public record ExtractionLimits(
    long maxEntrySize, long maxTotalSize, long maxEntries, double maxExpansionRatio, long ratioGrace) {

  /** 16 GiB per entry, 64 GiB in total, 10 million entries, 1000:1 after the first GiB. */
  public static final ExtractionLimits DEFAULT =
      new ExtractionLimits(16L << 30, 64L << 30, 10_000_000, 1000, 1L << 30);

  /** No limits (for trusted layers this process wrote itself). */
  public static final ExtractionLimits NONE =
      new ExtractionLimits(Long.MAX_VALUE, Long.MAX_VALUE, Long.MAX_VALUE, 0, 0);

  public ExtractionLimits {
    if (maxEntrySize < 0 || maxTotalSize < 0 || maxEntries < 0 || maxExpansionRatio < 0 || ratioGrace < 0) {
      throw new IllegalArgumentException("extraction limits must not be negative");
    }
  }
}
