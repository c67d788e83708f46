package dev.stowage.oci;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/** An image manifest (OCI or Docker schema 2): the config descriptor and the layers, base first. */
public record ImageManifest(
    int schemaVersion,
    MediaType mediaType,
    Optional<String> artifactType,
    Descriptor config,
    List<Descriptor> layers,
    Optional<Descriptor> subject,
    Map<String, String> annotations) {

  public ImageManifest {
    Objects.requireNonNull(mediaType, "mediaType");
    artifactType = Objects.requireNonNull(artifactType, "artifactType").filter(t -> !t.isEmpty());
    Objects.requireNonNull(config, "config");
    layers = List.copyOf(layers);
    Objects.requireNonNull(subject, "subject");
    annotations = Maps.sortedCopy(annotations);
  }

  /** A schema 2 manifest of the given type with no annotations. */
  public static ImageManifest of(MediaType mediaType, Descriptor config, List<Descriptor> layers) {
    return new ImageManifest(2, mediaType, Optional.empty(), config, layers, Optional.empty(), Map.of());
  }

  public ImageManifest withLayers(List<Descriptor> newLayers) {
    return new ImageManifest(schemaVersion, mediaType, artifactType, config, newLayers, subject, annotations);
  }

  public ImageManifest withConfig(Descriptor newConfig) {
    return new ImageManifest(schemaVersion, mediaType, artifactType, newConfig, layers, subject, annotations);
  }

  public ImageManifest withAnnotations(Map<String, String> newAnnotations) {
    return new ImageManifest(schemaVersion, mediaType, artifactType, config, layers, subject, newAnnotations);
  }
}
