package dev.stowage.oci.image;

import dev.stowage.oci.Descriptor;
import dev.stowage.oci.Digest;
import dev.stowage.oci.ImageConfig;
import dev.stowage.oci.ImageManifest;
import dev.stowage.oci.OciFormatException;
import dev.stowage.oci.Platform;
import dev.stowage.oci.Raw;
import java.util.List;
import java.util.Objects;

/**
 * One single-platform image: its manifest and config, each with the exact bytes they were read or written as. The
 * layer blobs live in a {@link dev.stowage.oci.store.BlobSource} next to it.
 */
public record Image(Raw<ImageManifest> manifest, Raw<ImageConfig> config) {
  public Image {
    Objects.requireNonNull(manifest, "manifest");
    Objects.requireNonNull(config, "config");
    Descriptor declared = manifest.value().config();
    if (!declared.digest().equals(config.digest())) {
      throw new OciFormatException("manifest " + manifest.digest() + " names config " + declared.digest()
          + " but the config given has digest " + config.digest());
    }
  }

  public List<Descriptor> layers() {
    return manifest.value().layers();
  }

  public List<Digest> diffIds() {
    return config.value().rootfs().diffIds();
  }

  public Platform platform() {
    return config.value().platform();
  }

  /** The manifest descriptor, as an index or a registry refers to this image. */
  public Descriptor descriptor() {
    return manifest.descriptor(manifest.value().mediaType());
  }

  /** The image ID docker shows: the config digest. */
  public Digest id() {
    return config.digest();
  }
}
