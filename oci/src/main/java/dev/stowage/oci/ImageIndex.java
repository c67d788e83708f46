package dev.stowage.oci;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/** An OCI image index or a Docker manifest list: manifests, usually one per platform. */
public record ImageIndex(
    int schemaVersion,
    MediaType mediaType,
    Optional<String> artifactType,
    List<Descriptor> manifests,
    Optional<Descriptor> subject,
    Map<String, String> annotations) {

  public ImageIndex {
    Objects.requireNonNull(mediaType, "mediaType");
    artifactType = Objects.requireNonNull(artifactType, "artifactType").filter(t -> !t.isEmpty());
    manifests = List.copyOf(manifests);
    Objects.requireNonNull(subject, "subject");
    annotations = Maps.sortedCopy(annotations);
  }

  public static ImageIndex of(MediaType mediaType, List<Descriptor> manifests) {
    return new ImageIndex(2, mediaType, Optional.empty(), manifests, Optional.empty(), Map.of());
  }

  /**
   * The manifest best suited to {@code platform}: among the entries whose platform it accepts, the one it prefers
   * most (see {@link Platform#preference}); the first such entry on a tie. Entries without a platform never match.
   */
  public Optional<Descriptor> select(Platform platform) {
    return manifests.stream()
        .filter(d -> d.platform().map(platform::accepts).orElse(false))
        .min(Comparator.comparingInt(d -> platform.preference(d.platform().orElseThrow())));
  }
}
