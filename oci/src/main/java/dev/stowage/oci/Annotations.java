package dev.stowage.oci;

/** Annotation keys with a meaning in the formats this module reads and writes. */
public final class Annotations {
  /** The reference name of a manifest in an OCI layout's index.json (a tag, e.g. {@code latest}). */
  public static final String REF_NAME = "org.opencontainers.image.ref.name";
  /** containerd's full image name annotation, which docker and BuildKit also write in OCI layouts. */
  public static final String CONTAINERD_IMAGE_NAME = "io.containerd.image.name";
  public static final String CREATED = "org.opencontainers.image.created";
  public static final String BASE_NAME = "org.opencontainers.image.base.name";
  public static final String BASE_DIGEST = "org.opencontainers.image.base.digest";

  private Annotations() {}
}
