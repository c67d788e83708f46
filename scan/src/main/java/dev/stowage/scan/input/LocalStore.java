package dev.stowage.scan.input;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.stowage.oci.Descriptor;
import dev.stowage.oci.Digest;
import dev.stowage.oci.ImageConfig;
import dev.stowage.oci.ImageIndex;
import dev.stowage.oci.ImageManifest;
import dev.stowage.oci.MediaType;
import dev.stowage.oci.OciJson;
import dev.stowage.oci.Platform;
import dev.stowage.oci.Raw;
import dev.stowage.oci.image.Image;
import dev.stowage.oci.ref.ImageReference;
import dev.stowage.oci.ref.InvalidReferenceException;
import dev.stowage.oci.store.BlobSource;
import dev.stowage.oci.store.FileBlobStore;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Stowage's local image store, read only and without the engine: names in {@code <root>/images.json} (a name,
 * normalised like docker, to {@code {digest, mediaType, size}}) and blobs in {@code <root>/store/blobs/<alg>/<hex>}.
 * Nothing is created or changed.
 */
final class LocalStore implements BlobSource {
  private static final int METADATA_LIMIT = 4 << 20;
  private final Path root;
  private final FileBlobStore blobs;

  LocalStore(Path root) {
    this.root = root;
    this.blobs = FileBlobStore.existing(root.resolve("store"));
  }

  /** The image {@code nameOrId} names (a name, or a full or short image or manifest ID), if the store has it. */
  Optional<Image> find(String nameOrId, Platform platform) {
    Map<String, Descriptor> names = names();
    if (names.isEmpty()) {
      return Optional.empty();
    }
    try {
      Descriptor named = names.get(ImageReference.parse(nameOrId).toString());
      if (named != null) {
        return Optional.of(read(named, platform, nameOrId));
      }
    } catch (InvalidReferenceException notAName) {
      // an image ID; looked up below
    }
    String wanted = nameOrId.startsWith("sha256:") ? nameOrId.substring(7) : nameOrId;
    if (wanted.length() < 4 || !wanted.matches("[0-9a-f]+")) {
      return Optional.empty();
    }
    for (Descriptor d : names.values()) {
      Image image = read(d, platform, nameOrId);
      if (image.id().encoded().startsWith(wanted) || image.manifest().digest().encoded().startsWith(wanted)) {
        return Optional.of(image);
      }
    }
    return Optional.empty();
  }

  private Map<String, Descriptor> names() {
    Path file = root.resolve("images.json");
    if (!Files.isRegularFile(file)) {
      return Map.of();
    }
    try {
      JsonNode tree = new ObjectMapper().readTree(file.toFile());
      Map<String, Descriptor> names = new java.util.TreeMap<>();
      if (tree != null && tree.isObject()) {
        for (Map.Entry<String, JsonNode> e : tree.properties()) {
          JsonNode v = e.getValue();
          if (v.hasNonNull("digest") && v.hasNonNull("mediaType") && v.hasNonNull("size")) {
            names.put(e.getKey(), Descriptor.of(MediaType.of(v.get("mediaType").asText()),
                Digest.parse(v.get("digest").asText()), v.get("size").asLong()));
          }
        }
      }
      return names;
    } catch (IOException | RuntimeException e) {
      throw new ScanInputException("cannot read the image index " + file + ": " + e.getMessage(), e);
    }
  }

  private Image read(Descriptor d, Platform platform, String shown) {
    Descriptor manifest = d;
    if (d.mediaType().isIndex()) {
      Raw<ImageIndex> index = OciJson.readIndex(small(d.digest()));
      manifest = index.value().select(platform).orElseThrow(() -> new ScanInputException(shown + " has no image for "
          + platform + " in the local store; choose one with --platform"));
    }
    Raw<ImageManifest> m = OciJson.readManifest(small(manifest.digest()));
    Raw<ImageConfig> config = OciJson.readConfig(small(m.value().config().digest()));
    return new Image(m, config);
  }

  private byte[] small(Digest digest) {
    if (size(digest) > METADATA_LIMIT) {
      throw new ScanInputException("blob " + digest + " in " + root + " is too large for a manifest or config");
    }
    try (InputStream in = open(digest)) {
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException("reading blob " + digest + " in " + root + ": " + e.getMessage(), e);
    }
  }

  @Override
  public boolean has(Digest digest) {
    return blobs.has(digest);
  }

  @Override
  public long size(Digest digest) {
    return blobs.size(digest);
  }

  @Override
  public InputStream open(Digest digest) {
    return blobs.open(digest);
  }

  List<String> describe() {
    return new ArrayList<>(names().keySet());
  }
}
