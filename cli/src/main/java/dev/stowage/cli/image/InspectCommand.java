package dev.stowage.cli.image;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stowage.cli.common.CliException;
import dev.stowage.cli.common.StateOptions;
import dev.stowage.engine.store.ImageStore;
import dev.stowage.oci.image.Image;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code stowage inspect IMAGE...}: the image's ID, digest, config and layers as JSON. */
@Command(name = "inspect", description = "Show the configuration of images as JSON")
public final class InspectCommand implements Callable<Integer> {
  @Parameters(arity = "1..*", paramLabel = "IMAGE")
  List<String> images;

  @Mixin StateOptions state;

  @Override
  public Integer call() throws IOException {
    ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    ImageStore store = StoreCommand.open(state);
    ArrayNode all = json.createArrayNode();
    for (String name : images) {
      Image image = store.find(name).orElseThrow(() -> new CliException(1, "no such image: " + name));
      ObjectNode node = all.addObject();
      node.put("Id", image.id().toString());
      node.put("ManifestDigest", image.manifest().digest().toString());
      node.put("ManifestMediaType", image.manifest().value().mediaType().value());
      JsonNode config = json.readTree(image.config().bytes());
      node.set("Config", config);
      ArrayNode layers = node.putArray("Layers");
      image.layers().forEach(l -> layers.add(l.digest().toString()));
    }
    System.out.println(json.writeValueAsString(all));
    return 0;
  }
}
