package dev.stowage.oci;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/** A content descriptor: what a blob is, its digest and size, and optional annotations and platform. */
public record Descriptor(
    MediaType mediaType,
    Digest digest,
    long size,
    List<String> urls,
    Map<String, String> annotations,
    Optional<Platform> platform,
    Optional<String> artifactType) {

  public Descriptor {
    Objects.requireNonNull(mediaType, "mediaType");
    Objects.requireNonNull(digest, "digest");
    if (size < 0) {
      throw new OciFormatException("descriptor " + digest + " has a negative size " + size);
    }
    urls = List.copyOf(urls);
    annotations = Maps.sortedCopy(annotations);
    Objects.requireNonNull(platform, "platform");
    artifactType = Objects.requireNonNull(artifactType, "artifactType").filter(t -> !t.isEmpty());
  }

  public static Descriptor of(MediaType mediaType, Digest digest, long size) {
    return new Descriptor(mediaType, digest, size, List.of(), Map.of(), Optional.empty(), Optional.empty());
  }

  public Descriptor withAnnotations(Map<String, String> newAnnotations) {
    return new Descriptor(mediaType, digest, size, urls, newAnnotations, platform, artifactType);
  }

  public Descriptor withPlatform(Platform newPlatform) {
    return new Descriptor(mediaType, digest, size, urls, annotations, Optional.of(newPlatform), artifactType);
  }

  public Descriptor withMediaType(MediaType newMediaType) {
    return new Descriptor(newMediaType, digest, size, urls, annotations, platform, artifactType);
  }
}
