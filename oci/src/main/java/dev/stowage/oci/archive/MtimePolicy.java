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

    @Override
    public Instant choose(Instant mtime) {
      return time;
    }
  }

  /** Entries keep their own mtime (truncated to seconds, as Go's tar writer does). */
  record Preserve() implements MtimePolicy {
    @Override
    public Instant choose(Instant mtime) {
      return mtime;
    }
  }

  /** Entries keep their mtime unless it is later than {@code limit} ({@code SOURCE_DATE_EPOCH}, BuildKit's rewrite). */
  record Clamp(Instant limit) implements MtimePolicy {
    public Clamp {
      Objects.requireNonNull(limit, "limit");
    }

    @Override
    public Instant choose(Instant mtime) {
      return mtime.isAfter(limit) ? limit : mtime;
    }
  }

  static MtimePolicy fixedAtEpoch() {
    return new Fixed(Instant.EPOCH);
  }

  /** The mtime recorded for an entry whose own is {@code mtime}: {@link #choose}'s, in whole seconds. */
  default Instant apply(Instant mtime) {
    return Instant.ofEpochSecond(choose(mtime).getEpochSecond());
  }

  /** The mtime this policy picks for an entry whose own is {@code mtime}. */
  Instant choose(Instant mtime);
}
