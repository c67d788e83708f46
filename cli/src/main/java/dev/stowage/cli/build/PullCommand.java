package dev.stowage.cli.build;

import dev.stowage.cli.common.StateOptions;
import dev.stowage.engine.event.EventSink;
import dev.stowage.engine.image.ImageResolver;
import dev.stowage.engine.image.LayerRef;
import dev.stowage.engine.image.SourceImage;
import dev.stowage.engine.image.UncompressedCopies;
import dev.stowage.engine.spi.Snapshotter;
import dev.stowage.oci.Platform;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code stowage pull IMAGE...}: fetches images into the local store under their names, as {@code docker pull}
 * does, and (as root) unpacks their layers for builds, as Docker's image store does. A build then starts from
 * them without asking the registry.
 */
@Command(name = "pull", description = "Pull images from a registry into the local store")
public final class PullCommand implements Callable<Integer> {
  @Parameters(arity = "1..*", paramLabel = "IMAGE")
  List<String> images;

  @Option(names = "--platform", paramLabel = "OS/ARCH", description = "The platform to pull (default: this host's).")
  String platform;

  @Option(names = "--insecure-registry", paramLabel = "HOST[:PORT]",
      description = "Talk plain HTTP to this registry (loopback registries always are).")
  List<String> insecureRegistries = new ArrayList<>();

  @Option(names = {"-q", "--quiet"}, description = "Print only the image references.")
  boolean quiet;

  @Mixin StateOptions state;

  @Override
  public Integer call() throws Exception {
    EventSink ignored = event -> { };
    try (BuildServices services = BuildServices.open(state, insecureRegistries, ignored)) {
      ImageResolver resolver = new ImageResolver(services.store(), services.names(),
          Optional.of(services.registry()), platform == null ? Platform.host() : Platform.parse(platform), true);
      // Unpacking needs overlayfs, that is root; pulling alone does not.
      boolean unpack = platform == null && "root".equals(System.getProperty("user.name"));
      for (String image : images) {
        SourceImage source = resolver.resolve(image);
        for (LayerRef layer : source.layers()) {
          resolver.fetchLayer(source, layer);
          if (unpack) {
            Snapshotter snapshots = services.snapshotter();
            if (!snapshots.has(layer.diffId())) {
              snapshots.unpack(layer.diffId(), UncompressedCopies.unpackSource(services.store(), layer));
            }
          }
        }
        System.out.println(quiet ? image
            : image + ": pulled " + source.resolved().digest().map(Object::toString).orElse(""));
      }
    }
    return 0;
  }
}
