package dev.stowage.registry;

import dev.stowage.oci.Descriptor;
import dev.stowage.oci.ImageIndex;
import dev.stowage.oci.ImageManifest;
import dev.stowage.oci.MediaType;
import dev.stowage.oci.Raw;
import dev.stowage.oci.ref.ImageReference;
import java.util.Objects;
import java.util.Optional;

/**
 * What a reference resolved to for one platform: the image manifest (raw bytes and digest kept), and the index
 * or manifest list it was chosen from, if the reference named one.
 *
 * @param reference the reference as requested
 * @param index the index the reference named, when it named one
 * @param manifest the image manifest for the platform
 * @param manifestMediaType the media type the registry served the manifest with (OCI or Docker schema 2)
 */
public record ResolvedImage(
    ImageReference reference,
    Optional<Raw<ImageIndex>> index,
    Raw<ImageManifest> manifest,
    MediaType manifestMediaType) {
  public ResolvedImage {
    Objects.requireNonNull(reference, "reference");
    Objects.requireNonNull(index, "index");
    Objects.requireNonNull(manifest, "manifest");
    Objects.requireNonNull(manifestMediaType, "manifestMediaType");
  }

  /** The reference pinned to the digest of what it named (the index, if any, else the manifest). */
  public ImageReference pinned() {
    return reference.withDigest(index.map(Raw::digest).orElse(manifest.digest()));
  }

  /** A descriptor of the platform's manifest. */
  public Descriptor manifestDescriptor() {
    return manifest.descriptor(manifestMediaType);
  }
}
