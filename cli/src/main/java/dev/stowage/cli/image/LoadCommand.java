package dev.stowage.cli.image;

import dev.stowage.cli.common.CliException;
import dev.stowage.cli.common.StateOptions;
import dev.stowage.engine.store.ImageStore;
import dev.stowage.oci.dockerarchive.DockerArchiveReader;
import dev.stowage.oci.image.ImageArchive;
import dev.stowage.oci.image.NamedImage;
import dev.stowage.oci.layout.OciLayoutReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code stowage load -i FILE}: a docker-archive or OCI layout (directory or tar) into the local store. */
@Command(name = "load", description = "Load images from a docker-archive or an OCI layout")
public final class LoadCommand implements Callable<Integer> {
  @Option(names = {"-i", "--input"}, required = true, paramLabel = "FILE",
      description = "A docker-archive tar, an OCI layout tar, or an OCI layout directory")
  Path input;

  @Option(names = {"-t", "--tag"}, paramLabel = "NAME", description = "Also name the (single) image NAME")
  List<String> tags = List.of();

  @Mixin StateOptions state;

  @Override
  public Integer call() {
    if (!Files.exists(input)) {
      throw CliException.usage("no such file or directory: " + input);
    }
    ImageStore store = StoreCommand.open(state);
    try (ImageArchive archive = open(input)) {
      if (!tags.isEmpty() && archive.images().size() != 1) {
        throw CliException.usage("-t names a single image, but " + input + " holds " + archive.images().size());
      }
      for (NamedImage image : archive.images()) {
        store.put(image, archive, tags);
        System.out.println("Loaded image: " + (image.names().isEmpty() && tags.isEmpty()
            ? image.image().id().toString() : String.join(", ", image.names().isEmpty() ? tags : image.names())));
      }
    }
    return 0;
  }

  private static ImageArchive open(Path input) {
    if (Files.isDirectory(input) || isOciLayoutTar(input)) {
      return OciLayoutReader.open(input);
    }
    return DockerArchiveReader.open(input);
  }

  private static boolean isOciLayoutTar(Path file) {
    // A docker-archive has manifest.json; an OCI layout tar has index.json without it. The docker reader
    // handles both docker layouts, so only a tar without manifest.json goes to the OCI reader.
    try (ImageArchive docker = DockerArchiveReader.open(file)) {
      return false;
    } catch (RuntimeException e) {
      return true;
    }
  }
}
