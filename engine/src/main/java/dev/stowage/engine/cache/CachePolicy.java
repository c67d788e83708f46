package dev.stowage.engine.cache;

import java.util.Objects;
import java.util.Set;

/**
 * Which stages may take steps from the cache: all ({@link #useAll()}), none ({@code --no-cache}), or all but the
 * named ones ({@code --no-cache-filter}, by {@code AS} name or index); and what RUN keys see of secrets
 * ({@code --secret-cache}). Steps that ran are recorded either way, so the next build can use them.
 */
public record CachePolicy(boolean disabled, Set<String> ignoredStages, SecretCacheMode secretCache) {
  public CachePolicy {
    ignoredStages = Set.copyOf(ignoredStages);
    Objects.requireNonNull(secretCache, "secretCache");
  }

  /** Secrets keyed by id, as BuildKit. */
  public CachePolicy(boolean disabled, Set<String> ignoredStages) {
    this(disabled, ignoredStages, SecretCacheMode.BY_ID);
  }

  public static CachePolicy useAll() {
    return new CachePolicy(false, Set.of());
  }

  /** Whether a step of the stage with this name and index may be taken from the cache. */
  public boolean allows(String stageName, int stageIndex) {
    return !disabled && !ignoredStages.contains(stageName) && !ignoredStages.contains(Integer.toString(stageIndex));
  }
}
