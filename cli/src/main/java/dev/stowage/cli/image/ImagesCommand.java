package dev.stowage.cli.image;

import dev.stowage.cli.common.StateOptions;
import dev.stowage.engine.store.ImageStore;
import dev.stowage.engine.store.LocalImages;
import dev.stowage.oci.Descriptor;
import dev.stowage.oci.image.Image;
import dev.stowage.oci.ref.ImageReference;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code stowage images}: the named images in the local store. */
@Command(name = "images", description = "List images in the local store")
public final class ImagesCommand implements Callable<Integer> {
  @Option(names = {"-q", "--quiet"}, description = "Only show image IDs")
  boolean quiet;

  @Option(names = "--no-trunc", description = "Don't truncate output")
  boolean noTrunc;

  @Mixin StateOptions state;

  @Override
  public Integer call() {
    ImageStore store = StoreCommand.open(state);
    List<String[]> rows = new ArrayList<>();
    rows.add(new String[] {"REPOSITORY", "TAG", "IMAGE ID", "CREATED", "SIZE"});
    Instant now = Instant.now();
    for (Map.Entry<String, LocalImages.Entry> entry : store.names().list().entrySet()) {
      Image image = store.read(entry.getValue().descriptor().digest());
      String id = noTrunc ? image.id().toString() : image.id().hex().substring(0, 12);
      if (quiet) {
        System.out.println(id);
        continue;
      }
      ImageReference ref = ImageReference.parse(entry.getKey());
      String familiar = ref.familiar();
      String repository = ref.tag().map(t -> familiar.substring(0, familiar.length() - t.length() - 1))
          .orElse(familiar);
      long size = image.config().size() + image.layers().stream().mapToLong(Descriptor::size).sum();
      String created = image.config().value().created().map(c -> HumanUnits.since(c, now)).orElse("N/A");
      rows.add(new String[] {repository, ref.tag().orElse("<none>"), id, created, HumanUnits.size(size)});
    }
    if (!quiet) {
      Tables.print(rows, System.out);
    }
    return 0;
  }
}
