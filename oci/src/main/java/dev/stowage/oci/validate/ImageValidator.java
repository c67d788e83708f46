package dev.stowage.oci.validate;

import dev.stowage.oci.Descriptor;
import dev.stowage.oci.Digest;
import dev.stowage.oci.DigestMismatchException;
import dev.stowage.oci.ImageConfig;
import dev.stowage.oci.ImageManifest;
import dev.stowage.oci.MediaType;
import dev.stowage.oci.OciException;
import dev.stowage.oci.RootFs;
import dev.stowage.oci.archive.Compression;
import dev.stowage.oci.image.Image;
import dev.stowage.oci.store.BlobSource;
import dev.stowage.oci.store.DigestingOutputStream;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Checks the invariants of an image and its blobs (after go-containerregistry's {@code validate}), collecting every
 * violation instead of stopping at the first: the config descriptor matches the config bytes; media types are
 * consistent (one family, layers are layers, compression as declared); every layer blob is present with its
 * declared size and digest; each layer decompresses to its DiffID; there are as many DiffIDs as layers and as many
 * non-empty history entries as layers. Reading the layers streams them once each.
 */
public final class ImageValidator {
  private ImageValidator() {}

  /** Every violation found; empty when the image is valid. */
  public static List<Violation> validate(Image image, BlobSource blobs) {
    List<Violation> violations = new ArrayList<>();
    ImageManifest manifest = image.manifest().value();
    ImageConfig config = image.config().value();
    checkManifest(manifest, image, violations);
    checkConfig(config, manifest, violations);
    List<Digest> diffIds = config.rootfs().diffIds();
    for (int i = 0; i < manifest.layers().size(); i++) {
      checkLayer(i, manifest.layers().get(i), i < diffIds.size() ? diffIds.get(i) : null, blobs, violations);
    }
    return violations;
  }

  /** Throws an {@link OciException} listing every violation, one per line. */
  public static void requireValid(Image image, BlobSource blobs) {
    List<Violation> violations = validate(image, blobs);
    if (!violations.isEmpty()) {
      StringBuilder message = new StringBuilder("image " + image.manifest().digest() + " is invalid:");
      violations.forEach(v -> message.append("\n  ").append(v));
      throw new OciException(message.toString());
    }
  }

  private static void checkManifest(ImageManifest manifest, Image image, List<Violation> violations) {
    if (!manifest.mediaType().isManifest()) {
      violations.add(new Violation("manifest", "media type " + manifest.mediaType() + " is not an image manifest"));
    }
    Descriptor config = manifest.config();
    if (config.size() != image.config().size()) {
      violations.add(new Violation("config", "the manifest says " + config.size() + " bytes but the config has "
          + image.config().size()));
    }
    if (!config.mediaType().isImageConfig()) {
      violations.add(new Violation("config", "media type " + config.mediaType() + " is not an image config"));
    } else if (config.mediaType().isDocker() != manifest.mediaType().isDocker()) {
      violations.add(new Violation("config", "media type " + config.mediaType() + " does not belong with a "
          + manifest.mediaType() + " manifest"));
    }
    for (int i = 0; i < manifest.layers().size(); i++) {
      MediaType type = manifest.layers().get(i).mediaType();
      if (!type.isLayer()) {
        violations.add(new Violation("layer " + i, "media type " + type + " is not a layer type"));
      } else if (manifest.mediaType().equals(MediaType.DOCKER_MANIFEST) && !type.isDocker()) {
        violations.add(new Violation("layer " + i, "OCI media type " + type + " in a Docker schema 2 manifest"));
      } else if (manifest.mediaType().equals(MediaType.OCI_MANIFEST) && type.isDocker()) {
        violations.add(new Violation("layer " + i, "Docker media type " + type + " in an OCI manifest"));
      }
    }
  }

  private static void checkConfig(ImageConfig config, ImageManifest manifest, List<Violation> violations) {
    if (config.os().isEmpty() || config.architecture().isEmpty()) {
      violations.add(new Violation("config", "os and architecture must be set"));
    }
    if (!RootFs.LAYERS.equals(config.rootfs().type())) {
      violations.add(new Violation("config", "rootfs.type is '" + config.rootfs().type() + "', not 'layers'"));
    }
    int layers = manifest.layers().size();
    int diffIds = config.rootfs().diffIds().size();
    if (diffIds != layers) {
      violations.add(new Violation("config", "rootfs.diff_ids has " + diffIds + " entries for " + layers + " layers"));
    }
    if (!config.history().isEmpty() && config.nonEmptyHistoryCount() != layers) {
      violations.add(new Violation("config", "history has " + config.nonEmptyHistoryCount()
          + " entries that are not empty_layer, for " + layers + " layers"));
    }
  }

  private static void checkLayer(int index, Descriptor layer, Digest diffId, BlobSource blobs,
      List<Violation> violations) {
    String subject = "layer " + index + " (" + layer.digest() + ")";
    if (!blobs.has(layer.digest())) {
      if (!layer.mediaType().isForeignLayer()) {
        violations.add(new Violation(subject, "the blob is missing"));
      }
      return;
    }
    long size = blobs.size(layer.digest());
    if (size != layer.size()) {
      violations.add(new Violation(subject, "the blob is " + size + " bytes but the manifest says " + layer.size()));
      return;
    }
    try (InputStream compressed = new BufferedInputStream(blobs.open(layer.digest()), 64 * 1024)) {
      compressed.mark(4);
      byte[] head = compressed.readNBytes(4);
      compressed.reset();
      Compression actual = Compression.detect(head, head.length);
      Compression declared = Compression.of(layer.mediaType());
      if (actual != declared) {
        violations.add(new Violation(subject, "its media type says " + declared.name().toLowerCase()
            + " but the content is " + (actual == Compression.NONE ? "uncompressed" : actual.name().toLowerCase())));
      }
      if (diffId == null) {
        drain(compressed);
        return;
      }
      DigestingOutputStream uncompressed = new DigestingOutputStream(OutputStream.nullOutputStream(),
          diffId.algorithm());
      // Not closed on its own: closing it would close the blob stream before its tail is verified.
      InputStream tar = actual.decompress(compressed);
      tar.transferTo(uncompressed);
      drain(compressed);
      Digest computed = uncompressed.info().digest();
      if (!computed.equals(diffId)) {
        violations.add(new Violation(subject, "it decompresses to " + computed + " but the config's DiffID is "
            + diffId));
      }
    } catch (DigestMismatchException e) {
      violations.add(new Violation(subject, e.getMessage()));
    } catch (IOException | UncheckedIOException e) {
      violations.add(new Violation(subject, "reading it failed: " + e.getMessage()));
    }
  }

  private static void drain(InputStream in) throws IOException {
    in.transferTo(OutputStream.nullOutputStream());
  }
}
