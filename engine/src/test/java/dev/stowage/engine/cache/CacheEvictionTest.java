package dev.stowage.engine.cache;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stowage.oci.Digest;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class CacheEvictionTest {
  private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");
  private static final CacheEviction.Entry OLD = entry("old", "blob-a", 100, Duration.ofDays(3));
  private static final CacheEviction.Entry DAY = entry("day", "blob-b", 200, Duration.ofHours(25));
  private static final CacheEviction.Entry HOUR = entry("hour", "blob-c", 400, Duration.ofHours(1));
  private static final CacheEviction.Entry NEW = entry("new", "blob-d", 800, Duration.ofMinutes(1));
  private static final List<CacheEviction.Entry> ALL = List.of(NEW, OLD, HOUR, DAY);

  @Test
  void withoutLimitsEveryEntryGoesOldestFirst() {
    assertThat(select(ALL, Optional.empty(), OptionalLong.empty())).containsExactly(key("old"), key("day"),
        key("hour"), key("new"));
  }

  @Test
  void untilSparesWhatWasUsedMoreRecently() {
    assertThat(select(ALL, Optional.of(Duration.ofHours(24)), OptionalLong.empty()))
        .containsExactly(key("old"), key("day"));
    assertThat(select(ALL, Optional.of(Duration.ofMinutes(30)), OptionalLong.empty()))
        .containsExactly(key("old"), key("day"), key("hour"));
    assertThat(select(ALL, Optional.of(Duration.ofDays(30)), OptionalLong.empty())).isEmpty();
    // Exactly at the cut-off counts as unused for that long (BuildKit keeps only what is after it).
    assertThat(select(ALL, Optional.of(Duration.ofHours(1)), OptionalLong.empty())).contains(key("hour"));
  }

  @Test
  void keepStorageRemovesTheLeastRecentlyUsedUntilTheCacheFits() {
    // 1500 bytes in all.
    assertThat(select(ALL, Optional.empty(), OptionalLong.of(1500))).isEmpty();
    assertThat(select(ALL, Optional.empty(), OptionalLong.of(1499))).containsExactly(key("old"));
    assertThat(select(ALL, Optional.empty(), OptionalLong.of(1200))).containsExactly(key("old"), key("day"));
    assertThat(select(ALL, Optional.empty(), OptionalLong.of(1000))).containsExactly(key("old"), key("day"),
        key("hour"));
    assertThat(select(ALL, Optional.empty(), OptionalLong.of(0))).hasSize(4);
  }

  @Test
  void bothTogetherRemoveOnlyOldEntriesAndOnlyWhileTheCacheIsTooBig() {
    // Under the limit: nothing, however old.
    assertThat(select(ALL, Optional.of(Duration.ofHours(2)), OptionalLong.of(2000))).isEmpty();
    // Over it, but only the two old entries may go, and the oldest is enough.
    assertThat(select(ALL, Optional.of(Duration.ofHours(2)), OptionalLong.of(1400))).containsExactly(key("old"));
    // Even removing both old ones does not fit 500 bytes: the recent ones stay anyway.
    assertThat(select(ALL, Optional.of(Duration.ofHours(2)), OptionalLong.of(500))).containsExactly(key("old"),
        key("day"));
  }

  @Test
  void aBlobSharedByTwoEntriesIsFreedOnlyWithTheLastOfThem() {
    CacheEviction.Entry twin = entry("twin", "blob-a", 100, Duration.ofDays(2));
    List<CacheEviction.Entry> entries = List.of(OLD, twin, NEW); // 900 bytes: blob-a counts once
    assertThat(select(entries, Optional.empty(), OptionalLong.of(900))).isEmpty();
    assertThat(select(entries, Optional.empty(), OptionalLong.of(850))).containsExactly(key("old"), key("twin"));
  }

  private static List<Digest> select(List<CacheEviction.Entry> entries, Optional<Duration> until,
      OptionalLong keep) {
    return List.copyOf(CacheEviction.select(entries, until, keep, NOW));
  }

  private static CacheEviction.Entry entry(String name, String blob, long size, Duration age) {
    return new CacheEviction.Entry(key(name), Digest.sha256(blob), size, NOW.minus(age));
  }

  private static Digest key(String name) {
    return Digest.sha256("key " + name);
  }
}
