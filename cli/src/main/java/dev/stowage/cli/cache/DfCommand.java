package dev.stowage.cli.cache;

import dev.stowage.cli.common.ExitCode;
import dev.stowage.cli.common.StateOptions;
import dev.stowage.engine.store.StateDir;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code stowage df}: how much the images, the build cache and the blob store hold. */
@Command(name = "df", description = "Show how much space images, the build cache and blobs use")
public final class DfCommand implements Callable<Integer> {
  @Mixin StateOptions state;

  @Override
  public Integer call() {
    System.out.printf("%-16s %8s %10s%n", "TYPE", "TOTAL", "SIZE");
    for (StateUsage.Row row : new StateUsage(StateDir.open(state.root())).rows()) {
      System.out.printf("%-16s %8d %10s%n", row.type(), row.total(),
          row.type().equals("Unpacked layers") ? "-" : Sizes.human(row.bytes()));
    }
    return ExitCode.OK;
  }
}
