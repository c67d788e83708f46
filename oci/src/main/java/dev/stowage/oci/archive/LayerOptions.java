package dev.stowage.oci.archive;

import java.util.Objects;

/**
 * How {@link LayerWriter} writes: compression and level, the mtime policy, whether owner names are kept (by
 * default uname/gname are empty, as reproducible builders write them), and the observer that sees the content.
 */
public record LayerOptions(
    Compression compression, int level, MtimePolicy mtime, boolean keepOwnerNames, ContentObserver observer) {

  public LayerOptions {
    Objects.requireNonNull(compression, "compression");
    Objects.requireNonNull(mtime, "mtime");
    Objects.requireNonNull(observer, "observer");
  }

  /** gzip at level 6, mtime 0, no owner names, no observer. */
  public static LayerOptions defaults() {
    return new LayerOptions(Compression.GZIP, Compression.GZIP.defaultLevel(), MtimePolicy.fixedAtEpoch(), false,
        ContentObserver.NONE);
  }

  public LayerOptions withCompression(Compression value) {
    return new LayerOptions(value, value.defaultLevel(), mtime, keepOwnerNames, observer);
  }

  public LayerOptions withLevel(int value) {
    return new LayerOptions(compression, value, mtime, keepOwnerNames, observer);
  }

  public LayerOptions withMtime(MtimePolicy value) {
    return new LayerOptions(compression, level, value, keepOwnerNames, observer);
  }

  public LayerOptions withOwnerNames(boolean value) {
    return new LayerOptions(compression, level, mtime, value, observer);
  }

  public LayerOptions withObserver(ContentObserver value) {
    return new LayerOptions(compression, level, mtime, keepOwnerNames, value);
  }
}
