package dev.stowage.oci;

import java.util.Objects;

/**
 * A media type string. The constants cover the OCI and Docker schema 2 types an image builder meets; any other
 * value is kept as is (an artifact type, a vendor layer), so reading never fails on an unknown type.
 */
public record MediaType(String value) {
  public static final MediaType OCI_MANIFEST = new MediaType("application/vnd.oci.image.manifest.v1+json");
  public static final MediaType OCI_INDEX = new MediaType("application/vnd.oci.image.index.v1+json");
  public static final MediaType OCI_CONFIG = new MediaType("application/vnd.oci.image.config.v1+json");
  public static final MediaType OCI_EMPTY = new MediaType("application/vnd.oci.empty.v1+json");
  public static final MediaType OCI_LAYER = new MediaType("application/vnd.oci.image.layer.v1.tar");
  public static final MediaType OCI_LAYER_GZIP = new MediaType("application/vnd.oci.image.layer.v1.tar+gzip");
  public static final MediaType OCI_LAYER_ZSTD = new MediaType("application/vnd.oci.image.layer.v1.tar+zstd");
  public static final MediaType OCI_LAYER_NONDISTRIBUTABLE =
      new MediaType("application/vnd.oci.image.layer.nondistributable.v1.tar");
  public static final MediaType OCI_LAYER_NONDISTRIBUTABLE_GZIP =
      new MediaType("application/vnd.oci.image.layer.nondistributable.v1.tar+gzip");
  public static final MediaType OCI_LAYER_NONDISTRIBUTABLE_ZSTD =
      new MediaType("application/vnd.oci.image.layer.nondistributable.v1.tar+zstd");

  public static final MediaType DOCKER_MANIFEST =
      new MediaType("application/vnd.docker.distribution.manifest.v2+json");
  public static final MediaType DOCKER_MANIFEST_LIST =
      new MediaType("application/vnd.docker.distribution.manifest.list.v2+json");
  public static final MediaType DOCKER_CONFIG = new MediaType("application/vnd.docker.container.image.v1+json");
  public static final MediaType DOCKER_LAYER = new MediaType("application/vnd.docker.image.rootfs.diff.tar");
  public static final MediaType DOCKER_LAYER_GZIP =
      new MediaType("application/vnd.docker.image.rootfs.diff.tar.gzip");
  public static final MediaType DOCKER_LAYER_ZSTD =
      new MediaType("application/vnd.docker.image.rootfs.diff.tar.zstd");
  public static final MediaType DOCKER_FOREIGN_LAYER =
      new MediaType("application/vnd.docker.image.rootfs.foreign.diff.tar.gzip");

  /** How a layer's bytes are compressed, as far as its media type says. */
  public enum LayerCompression {
    NONE,
    GZIP,
    ZSTD
  }

  public MediaType {
    Objects.requireNonNull(value, "media type");
    if (value.isBlank()) {
      throw new OciFormatException("a media type must not be empty");
    }
  }

  // equals/hashCode written out for start-up, as for Digest (docs/architecture.md, "Start-up")
  @Override
  public boolean equals(Object other) {
    return other instanceof MediaType type && value.equals(type.value);
  }

  @Override
  public int hashCode() {
    return value.hashCode();
  }

  public static MediaType of(String value) {
    return new MediaType(value);
  }

  /** An image manifest: OCI or Docker schema 2. */
  public boolean isManifest() {
    return equals(OCI_MANIFEST) || equals(DOCKER_MANIFEST);
  }

  /** An index of manifests: an OCI index or a Docker manifest list. */
  public boolean isIndex() {
    return equals(OCI_INDEX) || equals(DOCKER_MANIFEST_LIST);
  }

  /** An image configuration (OCI or Docker). */
  public boolean isImageConfig() {
    return equals(OCI_CONFIG) || equals(DOCKER_CONFIG);
  }

  /** A file system layer, compressed or not, distributable or foreign. */
  public boolean isLayer() {
    return value.startsWith("application/vnd.oci.image.layer.")
        || value.startsWith("application/vnd.docker.image.rootfs.");
  }

  /** A layer that registries may not carry (its descriptor has {@code urls} to fetch it from elsewhere). */
  public boolean isForeignLayer() {
    return value.startsWith("application/vnd.oci.image.layer.nondistributable.")
        || equals(DOCKER_FOREIGN_LAYER);
  }

  /** Whether this type belongs to the Docker schema 2 family rather than OCI. */
  public boolean isDocker() {
    return value.startsWith("application/vnd.docker.");
  }

  /** The compression a layer media type implies; {@link LayerCompression#NONE} for plain tar and non-layers. */
  public LayerCompression layerCompression() {
    if (value.endsWith("+gzip") || value.endsWith(".tar.gzip")) {
      return LayerCompression.GZIP;
    }
    if (value.endsWith("+zstd") || value.endsWith(".tar.zstd")) {
      return LayerCompression.ZSTD;
    }
    return LayerCompression.NONE;
  }

  /** The layer media type of the same family with another compression (OCI or Docker, distributable). */
  public MediaType withLayerCompression(LayerCompression compression) {
    if (isDocker()) {
      return switch (compression) {
        case NONE -> DOCKER_LAYER;
        case GZIP -> DOCKER_LAYER_GZIP;
        case ZSTD -> DOCKER_LAYER_ZSTD;
      };
    }
    return layerType(compression);
  }

  /** The OCI layer media type for a compression. */
  public static MediaType layerType(LayerCompression compression) {
    return switch (compression) {
      case NONE -> OCI_LAYER;
      case GZIP -> OCI_LAYER_GZIP;
      case ZSTD -> OCI_LAYER_ZSTD;
    };
  }

  @Override
  public String toString() {
    return value;
  }
}
