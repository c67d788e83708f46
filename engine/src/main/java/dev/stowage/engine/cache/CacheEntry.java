package dev.stowage.engine.cache;

import dev.stowage.engine.image.LayerRef;
import java.time.Instant;
import java.util.Objects;

/**
 * What a cached step produced: its layer and when that layer was first made (its history time, so a fully cached
 * rebuild yields the same image ID, as with BuildKit).
 */
public record CacheEntry(LayerRef layer, Instant created) {
  public CacheEntry {
    Objects.requireNonNull(layer, "layer");
    Objects.requireNonNull(created, "created");
  }
}
