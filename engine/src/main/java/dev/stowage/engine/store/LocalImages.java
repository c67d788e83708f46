package dev.stowage.engine.store;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stowage.oci.Descriptor;
import dev.stowage.oci.Digest;
import dev.stowage.oci.MediaType;
import dev.stowage.oci.ref.ImageReference;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * Image names in the local store: a name ({@code localhost:5000/app:1}, normalised like docker) points at a
 * manifest blob. One JSON file, rewritten atomically under a file lock, so concurrent builds never lose a tag.
 */
public final class LocalImages {
  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  /** One name's target. */
  public record Entry(String digest, String mediaType, long size, String created) {
    public Descriptor descriptor() {
      return Descriptor.of(MediaType.of(mediaType), Digest.parse(digest), size);
    }
  }

  private final Path file;
  private final Path lock;

  public LocalImages(Path file) {
    this.file = file;
    this.lock = file.resolveSibling(file.getFileName() + ".lock");
  }

  /** Points {@code name} at the manifest. */
  public void tag(String name, Descriptor manifest) {
    String key = normalize(name);
    update(images -> images.put(key, new Entry(manifest.digest().toString(), manifest.mediaType().value(),
        manifest.size(), Instant.now().toString())));
  }

  /** The manifest a name points at. */
  public Optional<Descriptor> resolve(String name) {
    return Optional.ofNullable(read().get(normalize(name))).map(Entry::descriptor);
  }

  /** Removes a name; true when it existed. */
  public boolean remove(String name) {
    String key = normalize(name);
    boolean[] removed = {false};
    update(images -> removed[0] = images.remove(key) != null);
    return removed[0];
  }

  /** Every name, sorted. */
  public Map<String, Entry> list() {
    return read();
  }

  /** docker's normalisation: {@code busybox} is {@code docker.io/library/busybox:latest}. */
  public static String normalize(String name) {
    return ImageReference.parse(name).toString();
  }

  private Map<String, Entry> read() {
    if (!Files.exists(file)) {
      return new TreeMap<>();
    }
    try {
      // The tree model, not data binding: binding builds a record deserializer by reflection, about 40 ms of a
      // short build's start-up.
      Map<String, Entry> images = new TreeMap<>();
      JSON.readTree(file.toFile()).properties().forEach(name -> {
        JsonNode e = name.getValue();
        images.put(name.getKey(), new Entry(e.path("digest").asText(null), e.path("mediaType").asText(null),
            e.path("size").asLong(), e.path("created").asText(null)));
      });
      return images;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the image index " + file + ": " + e.getMessage(), e);
    }
  }

  private void update(Consumer<Map<String, Entry>> change) {
    try (FileChannel channel = FileChannel.open(lock, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        FileLock ignored = channel.lock()) {
      Map<String, Entry> images = read();
      change.accept(images);
      Path temp = Files.createTempFile(file.getParent(), ".images", ".tmp");
      try {
        ObjectNode root = JSON.createObjectNode();
        images.forEach((name, entry) -> root.putObject(name).put("digest", entry.digest())
            .put("mediaType", entry.mediaType()).put("size", entry.size()).put("created", entry.created()));
        JSON.writeValue(temp.toFile(), root);
        try {
          Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
          Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING);
        }
      } finally {
        Files.deleteIfExists(temp);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot update the image index " + file + ": " + e.getMessage(), e);
    }
  }
}
