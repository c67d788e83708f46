package dev.stowage.registry.testing;

import dev.stowage.oci.Descriptor;
import dev.stowage.oci.Digest;
import dev.stowage.oci.ImageIndex;
import dev.stowage.oci.ImageManifest;
import dev.stowage.oci.MediaType;
import dev.stowage.oci.OciJson;
import dev.stowage.oci.Platform;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;

/** A small image for registry tests: a config, one layer of pseudo-random bytes and the manifest of both. */
public record TestImage(Platform platform, byte[] config, byte[] layer, byte[] manifest, MediaType manifestType) {

  /** A deterministic image: the same seed gives the same bytes. */
  public static TestImage of(long seed, Platform platform, int layerSize, MediaType manifestType) {
    byte[] layer = new byte[layerSize];
    new Random(seed).nextBytes(layer);
    boolean docker = manifestType.isDocker();
    byte[] config = ("{\"architecture\":\"" + platform.architecture() + "\",\"os\":\"" + platform.os()
        + "\",\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[\"" + Digest.sha256(layer) + "\"]},\"seed\":" + seed + "}")
        .getBytes(StandardCharsets.UTF_8);
    Descriptor configDescriptor = Descriptor.of(docker ? MediaType.DOCKER_CONFIG : MediaType.OCI_CONFIG,
        Digest.sha256(config), config.length);
    Descriptor layerDescriptor = Descriptor.of(docker ? MediaType.DOCKER_LAYER : MediaType.OCI_LAYER,
        Digest.sha256(layer), layer.length);
    byte[] manifest = OciJson.write(ImageManifest.of(manifestType, configDescriptor, List.of(layerDescriptor)));
    return new TestImage(platform, config, layer, manifest, manifestType);
  }

  public static TestImage linuxAmd64(long seed) {
    return of(seed, Platform.of("linux", "amd64"), 4096, MediaType.OCI_MANIFEST);
  }

  public Descriptor configDescriptor() {
    return Descriptor.of(manifestType.isDocker() ? MediaType.DOCKER_CONFIG : MediaType.OCI_CONFIG,
        Digest.sha256(config), config.length);
  }

  public Descriptor layerDescriptor() {
    return Descriptor.of(manifestType.isDocker() ? MediaType.DOCKER_LAYER : MediaType.OCI_LAYER,
        Digest.sha256(layer), layer.length);
  }

  public Digest manifestDigest() {
    return Digest.sha256(manifest);
  }

  /** The descriptor of this image's manifest in an index, with its platform. */
  public Descriptor indexEntry() {
    return Descriptor.of(manifestType, manifestDigest(), manifest.length).withPlatform(platform);
  }

  /** The bytes of an index (OCI or a Docker manifest list) listing {@code images}. */
  public static byte[] index(MediaType indexType, List<TestImage> images) {
    return OciJson.write(ImageIndex.of(indexType, images.stream().map(TestImage::indexEntry).toList()));
  }

  /** Stores the image's blobs and manifest (under {@code tag}) in the in-process registry. */
  public void putInto(InProcessRegistry registry, String repository, String tag) {
    registry.putBlob(repository, config);
    registry.putBlob(repository, layer);
    registry.putManifest(repository, tag, manifestType.value(), manifest);
  }
}
