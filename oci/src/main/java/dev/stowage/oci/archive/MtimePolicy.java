package dev.stowage.oci.archive;

import java.time.Instant;
import java.util.Objects;

/** What modification time a layer writer records. Fixed by default, so layers are reproducible. */
public sealed interface MtimePolicy {
  /** Every entry gets {@code time} (by default the epoch). */
  record Fixed(Instant time) implements MtimePolicy {
    public Fixed {
      Objects.requireNonNull(time, "time");
    }
  }

  /** Entries keep their own mtime (truncated to seconds, as Go's tar writer does). */
  record Preserve() implements MtimePolicy {}

  /** Entries keep their mtime unless it is later than {@code limit} ({@code SOURCE_DATE_EPOCH}, BuildKit's rewrite). */
  record Clamp(Instant limit) implements MtimePolicy {
    public Clamp {
      Objects.requireNonNull(limit, "limit");
    }
  }

  static MtimePolicy fixedAtEpoch() {
    return new Fixed(Instant.EPOCH);
  }

  default Instant apply(Instant mtime) {
    Instant chosen = switch (this) {
      case Fixed f -> f.time();
      case Preserve p -> mtime;
      case Clamp c -> mtime.isAfter(c.limit()) ? c.limit() : mtime;
    };
    return Instant.ofEpochSecond(chosen.getEpochSecond());
  }
}
