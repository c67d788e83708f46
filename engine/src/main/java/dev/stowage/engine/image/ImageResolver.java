package dev.stowage.engine.image;

import dev.stowage.engine.store.LocalImages;
import dev.stowage.oci.Descriptor;
import dev.stowage.oci.Digest;
import dev.stowage.oci.ImageConfig;
import dev.stowage.oci.ImageIndex;
import dev.stowage.oci.ImageManifest;
import dev.stowage.oci.MediaType;
import dev.stowage.oci.OciJson;
import dev.stowage.oci.Platform;
import dev.stowage.oci.Raw;
import dev.stowage.oci.ref.ImageReference;
import dev.stowage.oci.store.BlobStore;
import dev.stowage.registry.RegistryClient;
import dev.stowage.registry.Repository;
import dev.stowage.registry.ResolvedImage;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Finds the images a build needs: in the local store first (what {@code stowage build -t} or {@code stowage load}
 * put there), else in a registry, unless {@code --pull} asks for the registry every time. Configs and manifests
 * go into the blob store; layers are fetched only when a step needs their files.
 */
public final class ImageResolver {
  private final BlobStore store;
  private final LocalImages names;
  private final Optional<RegistryClient> registry;
  private final Platform platform;
  private final boolean pull;
  private final Map<String, SourceImage> resolved = new ConcurrentHashMap<>();

  public ImageResolver(BlobStore store, LocalImages names, Optional<RegistryClient> registry, Platform platform,
      boolean pull) {
    this.store = store;
    this.names = names;
    this.registry = registry;
    this.platform = platform;
    this.pull = pull;
  }

  /** Resolves once per build; later calls for the same text return the same image. */
  public SourceImage resolve(String reference) {
    return resolved.computeIfAbsent(reference, this::lookUp);
  }

  private SourceImage lookUp(String text) {
    ImageReference ref = ImageReference.parse(text);
    if (!pull) {
      Optional<Descriptor> local = names.resolve(ref.toString());
      if (local.isPresent()) {
        return fromStore(text, ref, local.get());
      }
      if (ref.digest().isPresent() && store.has(ref.digest().get())) {
        return fromStore(text, ref, Descriptor.of(MediaType.OCI_MANIFEST, ref.digest().get(),
            store.size(ref.digest().get())));
      }
    }
    RegistryClient client = registry.orElseThrow(() -> new ImageNotFoundException(text,
        "it is not in the local store and no registry access is configured"));
    ResolvedImage image = client.resolve(ref, platform);
    Raw<ImageManifest> manifest = image.manifest();
    Repository repository = Repository.of(ref);
    Descriptor configDescriptor = manifest.value().config();
    if (!store.has(configDescriptor.digest())) {
      client.fetchBlob(repository, configDescriptor, store);
    }
    storeBytes(manifest.bytes(), manifest.digest());
    if (ref.digest().isEmpty()) {
      // Kept under its name, as docker pull does: the next build takes it from the store without asking the
      // registry (unless --pull). Its layers come on demand, from the registry named here (see fromStore).
      names.tag(ref.toString(), manifest.descriptor(manifest.value().mediaType()));
    }
    ImageConfig config = readConfig(configDescriptor.digest());
    return new SourceImage(text, ref.withDigest(manifest.digest()), config,
        layers(manifest.value(), config, text), Optional.of(ref));
  }

  private SourceImage fromStore(String text, ImageReference ref, Descriptor descriptor) {
    byte[] bytes = read(descriptor.digest());
    MediaType type = OciJson.detectMediaType(bytes);
    if (type.equals(MediaType.OCI_INDEX) || type.equals(MediaType.DOCKER_MANIFEST_LIST)) {
      Raw<ImageIndex> index = OciJson.readIndex(bytes);
      Descriptor chosen = index.value().manifests().stream()
          .filter(m -> m.platform().map(platform::accepts).orElse(false))
          .findFirst()
          .orElseThrow(() -> new ImageNotFoundException(text, "the local image has no manifest for "
              + platform.os() + "/" + platform.architecture()));
      return fromStore(text, ref, chosen);
    }
    Raw<ImageManifest> manifest = OciJson.readManifest(bytes);
    ImageConfig config = readConfig(manifest.value().config().digest());
    // A layer not in the store yet (an image named here by a pull that fetched only what a build needed) comes
    // from the registry the name points at.
    return new SourceImage(text, ref.withDigest(descriptor.digest()), config,
        layers(manifest.value(), config, text), Optional.of(ref));
  }

  private static List<LayerRef> layers(ImageManifest manifest, ImageConfig config, String text) {
    List<Digest> diffIds = config.rootfs().diffIds();
    if (diffIds.size() != manifest.layers().size()) {
      throw new ImageNotFoundException(text, "its config lists " + diffIds.size() + " layers but its manifest "
          + manifest.layers().size());
    }
    List<LayerRef> layers = new ArrayList<>();
    for (int i = 0; i < diffIds.size(); i++) {
      layers.add(new LayerRef(manifest.layers().get(i), diffIds.get(i)));
    }
    return layers;
  }

  /** Makes sure the layer's blob is in the store, fetching it from the image's registry if needed. */
  public void fetchLayer(SourceImage image, LayerRef layer) {
    if (store.has(layer.blob().digest())) {
      return;
    }
    ImageReference from = image.registryName().orElseThrow(() -> new ImageNotFoundException(image.reference(),
        "layer " + layer.blob().digest() + " is missing from the local store"));
    registry.orElseThrow().fetchBlob(Repository.of(from), layer.blob(), store);
  }

  private ImageConfig readConfig(Digest digest) {
    return OciJson.readConfig(read(digest)).value();
  }

  private byte[] read(Digest digest) {
    try (InputStream in = store.open(digest)) {
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException("reading blob " + digest + ": " + e.getMessage(), e);
    }
  }

  private void storeBytes(byte[] bytes, Digest digest) {
    if (store.has(digest)) {
      return;
    }
    try (var ingest = store.ingest(Optional.of(digest), bytes.length)) {
      ingest.write(bytes);
      ingest.commit();
    } catch (IOException e) {
      throw new UncheckedIOException("storing manifest " + digest + ": " + e.getMessage(), e);
    }
  }
}
