package dev.stowage.engine.cache;

import dev.stowage.oci.Digest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.SequencedSet;

/**
 * Which cache entries a filtered prune removes, as BuildKit's prune picks them: {@code unusedFor}
 * ({@code --filter until=}) spares every entry used more recently than that; {@code keepBytes}
 * ({@code --keep-storage}) removes the least recently used of the others only while the cache takes more than that.
 * The cache's size is that of the distinct blobs its entries name (as {@code df} counts it): removing an entry frees
 * its blob's size once no other entry names the same blob. Pure: the caller lists the entries and removes them.
 */
public final class CacheEviction {
  /** One cache entry: its key, the blob it names, that blob's size and when the entry was last used. */
  public record Entry(Digest key, Digest blob, long size, Instant lastUsed) {
    public Entry {
      Objects.requireNonNull(key, "key");
      Objects.requireNonNull(blob, "blob");
      Objects.requireNonNull(lastUsed, "lastUsed");
    }
  }

  private CacheEviction() {}

  /**
   * The keys to remove, least recently used first. With neither limit, every entry.
   *
   * @param now the time {@code unusedFor} counts back from
   */
  public static SequencedSet<Digest> select(List<Entry> entries, Optional<Duration> unusedFor,
      OptionalLong keepBytes, Instant now) {
    Map<Digest, Integer> namedBy = new HashMap<>();
    Map<Digest, Long> sizes = new HashMap<>();
    for (Entry entry : entries) {
      namedBy.merge(entry.blob(), 1, Integer::sum);
      sizes.putIfAbsent(entry.blob(), entry.size());
    }
    long total = sizes.values().stream().mapToLong(Long::longValue).sum();
    SequencedSet<Digest> removed = new LinkedHashSet<>();
    if (keepBytes.isPresent() && total <= keepBytes.getAsLong()) {
      return removed;
    }
    Instant cutOff = unusedFor.map(now::minus).orElse(Instant.MAX);
    List<Entry> oldestFirst = new ArrayList<>();
    for (Entry entry : entries) {
      if (!entry.lastUsed().isAfter(cutOff)) {
        oldestFirst.add(entry);
      }
    }
    oldestFirst.sort(Comparator.comparing(Entry::lastUsed).thenComparing(e -> e.key().toString()));
    for (Entry entry : oldestFirst) {
      if (keepBytes.isPresent() && total <= keepBytes.getAsLong()) {
        break;
      }
      removed.add(entry.key());
      if (namedBy.merge(entry.blob(), -1, Integer::sum) == 0) {
        total -= sizes.get(entry.blob());
      }
    }
    return removed;
  }
}
