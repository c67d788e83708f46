package dev.stowage.engine.store;

import dev.stowage.oci.Descriptor;
import dev.stowage.oci.Digest;
import dev.stowage.oci.ImageConfig;
import dev.stowage.oci.ImageManifest;
import dev.stowage.oci.OciJson;
import dev.stowage.oci.Raw;
import dev.stowage.oci.image.Image;
import dev.stowage.oci.image.NamedImage;
import dev.stowage.oci.store.BlobSource;
import dev.stowage.oci.store.BlobStore;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Optional;

/** The local image store: named images whose manifests, configs and layers live in the blob store. */
public final class ImageStore {
  private final BlobStore blobs;
  private final LocalImages names;

  public ImageStore(BlobStore blobs, LocalImages names) {
    this.blobs = blobs;
    this.names = names;
  }

  public BlobStore blobs() {
    return blobs;
  }

  public LocalImages names() {
    return names;
  }

  /**
   * The image a name, a full or short image ID ({@code sha256:abc...}, {@code abc123}) or a manifest digest refers
   * to.
   */
  public Optional<Image> find(String nameOrId) {
    Optional<Descriptor> named = Optional.empty();
    try {
      named = names.resolve(nameOrId);
    } catch (RuntimeException notAName) {
      // an ID is not a valid reference; look it up below
    }
    if (named.isPresent()) {
      return Optional.of(read(named.get().digest()));
    }
    String wanted = nameOrId.startsWith("sha256:") ? nameOrId.substring(7) : nameOrId;
    if (wanted.length() < 4 || !wanted.matches("[0-9a-f]+")) {
      return Optional.empty();
    }
    for (var entry : names.list().values()) {
      Image image = read(entry.descriptor().digest());
      if (image.id().hex().startsWith(wanted) || image.manifest().digest().hex().startsWith(wanted)) {
        return Optional.of(image);
      }
    }
    return Optional.empty();
  }

  /** Reads an image by its manifest digest. */
  public Image read(Digest manifestDigest) {
    Raw<ImageManifest> manifest = OciJson.readManifest(bytes(manifestDigest));
    Raw<ImageConfig> config = OciJson.readConfig(bytes(manifest.value().config().digest()));
    return new Image(manifest, config);
  }

  /** Copies an image's blobs in (verified) and names it. */
  public void put(NamedImage named, BlobSource source, List<String> extraNames) {
    Image image = named.image();
    copy(source, image.manifest().value().config());
    for (Descriptor layer : image.layers()) {
      copy(source, layer);
    }
    storeBytes(image.manifest().bytes(), image.manifest().digest());
    for (String name : named.names()) {
      names.tag(name, image.descriptor());
    }
    for (String name : extraNames) {
      names.tag(name, image.descriptor());
    }
  }

  private void copy(BlobSource source, Descriptor descriptor) {
    if (blobs.has(descriptor.digest())) {
      return;
    }
    try (InputStream in = source.open(descriptor.digest());
        var ingest = blobs.ingest(Optional.of(descriptor.digest()), descriptor.size())) {
      in.transferTo(ingest);
      ingest.commit();
    } catch (IOException e) {
      throw new UncheckedIOException("copying blob " + descriptor.digest() + ": " + e.getMessage(), e);
    }
  }

  private void storeBytes(byte[] bytes, Digest digest) {
    if (blobs.has(digest)) {
      return;
    }
    try (var ingest = blobs.ingest(Optional.of(digest), bytes.length)) {
      ingest.write(bytes);
      ingest.commit();
    } catch (IOException e) {
      throw new UncheckedIOException("storing blob " + digest + ": " + e.getMessage(), e);
    }
  }

  private byte[] bytes(Digest digest) {
    try (InputStream in = blobs.open(digest)) {
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException("reading blob " + digest + ": " + e.getMessage(), e);
    }
  }
}
