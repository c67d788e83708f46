package dev.stowage.cli.image;

import dev.stowage.cli.common.CliException;
import dev.stowage.cli.common.StateOptions;
import dev.stowage.engine.store.ImageStore;
import dev.stowage.oci.dockerarchive.DockerArchiveWriter;
import dev.stowage.oci.image.Image;
import dev.stowage.oci.image.NamedImage;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code stowage save -o FILE IMAGE...}: a docker-archive that {@code docker load} reads. */
@Command(name = "save", description = "Save images to a docker-archive")
public final class SaveCommand implements Callable<Integer> {
  @Parameters(arity = "1..*", paramLabel = "IMAGE")
  List<String> images;

  @Option(names = {"-o", "--output"}, required = true, paramLabel = "FILE", description = "The archive to write")
  Path output;

  @Mixin StateOptions state;

  @Override
  public Integer call() throws IOException {
    ImageStore store = StoreCommand.open(state);
    List<NamedImage> named = new ArrayList<>();
    for (String name : images) {
      Image image = store.find(name).orElseThrow(() -> new CliException(1, "no such image: " + name));
      named.add(new NamedImage(image, name.matches("(sha256:)?[0-9a-f]+") ? List.of() : List.of(name)));
    }
    Path target = output.toAbsolutePath();
    Path temp = Files.createTempFile(target.getParent(), "." + target.getFileName(), ".partial");
    try {
      try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(temp), 1 << 16)) {
        DockerArchiveWriter.write(out, named, store.blobs());
      }
      Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
    } finally {
      Files.deleteIfExists(temp);
    }
    return 0;
  }
}
