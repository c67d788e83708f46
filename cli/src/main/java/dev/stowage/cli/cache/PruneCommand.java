package dev.stowage.cli.cache;

import dev.stowage.cli.common.CliException;
import dev.stowage.cli.common.ExitCode;
import dev.stowage.cli.common.StateOptions;
import dev.stowage.engine.cache.StateLock;
import dev.stowage.engine.store.StateDir;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code stowage prune}: removes the build cache, the blobs no named image needs and the unpacked layers no named
 * image uses; with {@code -a}, the named images too (an empty store). {@code --filter until=} and
 * {@code --keep-storage} (docker's {@code builder prune} flags) remove only the cache entries they pick, and the
 * blobs and layers nothing left needs. Asks first unless {@code -f}. Refuses while a build holds the state directory
 * ({@link StateLock}).
 */
@Command(name = "prune", description = {
    "Remove the build cache, blobs no named image needs and unused unpacked layers.",
    "With -a, remove every image as well: the cache and the store end up empty.",
    "With --filter until= or --keep-storage, remove only the cache entries they pick."}, sortOptions = false)
public final class PruneCommand implements Callable<Integer> {
  @Option(names = {"-a", "--all"}, description = "Remove named images and all their blobs and layers too")
  boolean all;

  @Option(names = {"-f", "--force"}, description = "Do not ask for confirmation")
  boolean force;

  @Option(names = "--filter", paramLabel = "until=DURATION",
      description = "Remove only cache entries not used for DURATION (e.g. 24h, 30m, 1h30m)")
  List<String> filters = new ArrayList<>();

  @Option(names = "--keep-storage", paramLabel = "SIZE",
      description = "Remove the least recently used cache entries until the cache takes at most SIZE (e.g. 10GB,"
          + " 512MB; 1024-based, as docker)")
  String keepStorage;

  @Mixin StateOptions state;

  @Override
  @SuppressWarnings("try") // the state lock is held for the block, not used in it
  public Integer call() throws Exception {
    PruneFilter filter = PruneFilter.parse(filters, Optional.ofNullable(keepStorage));
    if (all && !filter.isEmpty()) {
      throw CliException.usage("-a removes every image and the whole cache; --filter and --keep-storage pick cache"
          + " entries to remove: use one or the other");
    }
    if (!force) {
      System.out.print("WARNING! This will remove " + describe(filter) + ", " + (all ? "every image, all blobs"
          : filter.isEmpty() ? "blobs no named image needs" : "blobs no named image or remaining cache entry needs")
          + " and unused unpacked layers.\nAre you sure you want to continue? [y/N] ");
      System.out.flush();
      String answer = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
      if (answer == null || !answer.strip().toLowerCase(Locale.ROOT).startsWith("y")) {
        System.out.println("Nothing removed.");
        return ExitCode.OK;
      }
    }
    StateDir dir = StateDir.open(state.root());
    StateUsage.Pruned pruned;
    try (StateLock lock = StateLock.forPrune(dir.cache()).orElseThrow(() -> new CliException(ExitCode.FAILURE,
        "a build is using " + dir.root() + "; run prune again when it has finished"))) {
      StateUsage usage = new StateUsage(dir);
      pruned = filter.isEmpty() ? usage.prune(all) : usage.prune(filter, Instant.now());
    }
    System.out.println("Deleted build cache entries: " + pruned.cacheEntries());
    System.out.println("Deleted blobs: " + pruned.blobs());
    System.out.println("Deleted unpacked layers: " + pruned.snapshots());
    System.out.println("Total reclaimed space: " + Sizes.human(pruned.blobBytes()));
    return ExitCode.OK;
  }

  private String describe(PruneFilter filter) {
    if (filter.isEmpty()) {
      return "the build cache";
    }
    List<String> which = new ArrayList<>();
    filter.unusedFor().ifPresent(d -> which.add("not used for " + filters.get(0).substring("until=".length())));
    if (keepStorage != null) {
      which.add("least recently used first, until the cache takes at most " + keepStorage);
    }
    return "build cache entries " + String.join(", ", which);
  }
}
