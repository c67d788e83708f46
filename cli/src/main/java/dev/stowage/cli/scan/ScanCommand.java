package dev.stowage.cli.scan;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** {@code stowage scan}: finds leaked secrets in an image. */
@Command(name = "scan", mixinStandardHelpOptions = true, description = "Find leaked secrets in an image.")
public final class ScanCommand implements Callable<Integer> {
  @Override
  public Integer call() {
    return 0;
  }
}
