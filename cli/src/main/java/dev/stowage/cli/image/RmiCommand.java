package dev.stowage.cli.image;

import dev.stowage.cli.common.CliException;
import dev.stowage.cli.common.StateOptions;
import dev.stowage.engine.store.ImageStore;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code stowage rmi NAME...}: removes names; blobs stay until {@code stowage prune}. */
@Command(name = "rmi", description = "Remove image names from the local store")
public final class RmiCommand implements Callable<Integer> {
  @Parameters(arity = "1..*", paramLabel = "IMAGE")
  List<String> images;

  @Mixin StateOptions state;

  @Override
  public Integer call() {
    ImageStore store = StoreCommand.open(state);
    for (String image : images) {
      if (!store.names().remove(image)) {
        throw new CliException(1, "no such image: " + image);
      }
      System.out.println("Untagged: " + image);
    }
    return 0;
  }
}
