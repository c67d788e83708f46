package dev.stowage.scan.layer;

/**
 * How far a compressed layer may expand before a scan refuses it as a decompression bomb: up to {@code maxRatio}
 * times its compressed size, and never less than {@code floorBytes} (small layers of zeros are normal). Gzip
 * cannot exceed about 1032:1, so the default 100:1 stops a bomb after a bounded read while real layers (2:1 to
 * 20:1) pass.
 */
public record LayerLimits(long floorBytes, int maxRatio) {
  public static final long DEFAULT_FLOOR = 1L << 30;
  public static final int DEFAULT_RATIO = 100;

  public LayerLimits {
    if (floorBytes < 0 || maxRatio < 1) {
      throw new IllegalArgumentException("layer limits must be positive");
    }
  }

  public static LayerLimits defaults() {
    return new LayerLimits(DEFAULT_FLOOR, DEFAULT_RATIO);
  }

  /** The most uncompressed bytes a layer of {@code compressedSize} bytes may expand to. */
  public long budget(long compressedSize) {
    long scaled = compressedSize > Long.MAX_VALUE / maxRatio ? Long.MAX_VALUE : compressedSize * maxRatio;
    return Math.max(floorBytes, scaled);
  }
}
