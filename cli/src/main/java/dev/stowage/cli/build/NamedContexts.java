package dev.stowage.cli.build;

import dev.stowage.cli.common.CliException;
import dev.stowage.engine.store.ImageStore;
import dev.stowage.oci.image.ImageArchive;
import dev.stowage.oci.image.NamedImage;
import dev.stowage.oci.layout.OciLayoutReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code --build-context NAME=VALUE} as buildx takes it: {@code docker-image://REF} uses that image wherever
 * the Dockerfile names NAME; {@code oci-layout://PATH[:TAG|@DIGEST]} loads the image from an OCI layout into the
 * local store first. Local directories and URLs are not supported yet.
 */
final class NamedContexts {
  private NamedContexts() {}

  static Map<String, String> resolve(List<String> specs, ImageStore store) {
    Map<String, String> contexts = new LinkedHashMap<>();
    for (String spec : specs) {
      int eq = spec.indexOf('=');
      if (eq <= 0) {
        throw CliException.usage("--build-context needs NAME=VALUE, got " + spec);
      }
      String name = spec.substring(0, eq);
      String value = spec.substring(eq + 1);
      if (value.startsWith("docker-image://")) {
        contexts.put(name, value.substring("docker-image://".length()));
      } else if (value.startsWith("oci-layout://")) {
        contexts.put(name, load(name, value.substring("oci-layout://".length()), store));
      } else {
        throw CliException.usage("--build-context " + name + ": only docker-image://REF and oci-layout://PATH are"
            + " supported, got " + value);
      }
    }
    return contexts;
  }

  private static String load(String name, String location, ImageStore store) {
    String selector = null;
    String path = location;
    int at = location.lastIndexOf('@');
    int colon = location.lastIndexOf(':');
    if (at > 0) {
      selector = location.substring(at + 1);
      path = location.substring(0, at);
    } else if (colon > location.lastIndexOf('/')) {
      selector = location.substring(colon + 1);
      path = location.substring(0, colon);
    }
    if (!Files.exists(Path.of(path))) {
      throw CliException.usage("--build-context " + name + ": no OCI layout at " + path);
    }
    String reference = "localhost/stowage-build-context/"
        + name.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9._-]", "-") + ":latest";
    try (ImageArchive layout = OciLayoutReader.open(Path.of(path))) {
      NamedImage chosen = choose(layout.images(), selector, name, path);
      store.put(new NamedImage(chosen.image(), List.of()), layout, List.of(reference));
    }
    return reference;
  }

  private static NamedImage choose(List<NamedImage> images, String selector, String name, String path) {
    if (selector == null) {
      if (images.size() != 1) {
        throw CliException.usage("--build-context " + name + ": " + path + " holds " + images.size()
            + " images; name one with :TAG or @DIGEST");
      }
      return images.get(0);
    }
    for (NamedImage image : images) {
      if (image.image().manifest().digest().toString().equals(selector)
          || image.names().stream().anyMatch(n -> n.equals(selector) || n.endsWith(":" + selector))) {
        return image;
      }
    }
    throw CliException.usage("--build-context " + name + ": no image " + selector + " in " + path);
  }
}
