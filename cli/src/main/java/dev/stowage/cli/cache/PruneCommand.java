package dev.stowage.cli.cache;

import dev.stowage.cli.common.CliException;
import dev.stowage.cli.common.ExitCode;
import dev.stowage.cli.common.StateOptions;
import dev.stowage.engine.cache.StateLock;
import dev.stowage.engine.store.StateDir;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code stowage prune}: removes the build cache, the blobs no named image needs and the unpacked layers no named
 * image uses; with {@code -a}, the named images too (an empty store). Asks first unless {@code -f}. Refuses while a
 * build holds the state directory ({@link StateLock}).
 */
@Command(name = "prune", description = {
    "Remove the build cache, blobs no named image needs and unused unpacked layers.",
    "With -a, remove every image as well: the cache and the store end up empty."}, sortOptions = false)
public final class PruneCommand implements Callable<Integer> {
  @Option(names = {"-a", "--all"}, description = "Remove named images and all their blobs and layers too")
  boolean all;

  @Option(names = {"-f", "--force"}, description = "Do not ask for confirmation")
  boolean force;

  @Mixin StateOptions state;

  @Override
  @SuppressWarnings("try") // the state lock is held for the block, not used in it
  public Integer call() throws Exception {
    if (!force) {
      System.out.print("WARNING! This will remove the build cache, " + (all ? "every image, all blobs"
          : "blobs no named image needs") + " and unused unpacked layers.\nAre you sure you want to continue? [y/N] ");
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
      pruned = new StateUsage(dir).prune(all);
    }
    System.out.println("Deleted build cache entries: " + pruned.cacheEntries());
    System.out.println("Deleted blobs: " + pruned.blobs());
    System.out.println("Deleted unpacked layers: " + pruned.snapshots());
    System.out.println("Total reclaimed space: " + Sizes.human(pruned.blobBytes()));
    return ExitCode.OK;
  }
}
