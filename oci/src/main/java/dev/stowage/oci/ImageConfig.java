package dev.stowage.oci;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * An image configuration: platform, the container config, the layer DiffIDs and the history. Unknown fields of a
 * config read from elsewhere (docker's {@code container_config}, {@code docker_version}, ...) are dropped, as
 * BuildKit drops them when it builds on a base image; {@link Raw} keeps the exact bytes of what was read.
 */
public record ImageConfig(
    String architecture,
    String os,
    Optional<String> variant,
    Optional<String> osVersion,
    List<String> osFeatures,
    Optional<Instant> created,
    String author,
    ContainerConfig config,
    RootFs rootfs,
    List<HistoryEntry> history) {

  public ImageConfig {
    Objects.requireNonNull(architecture, "architecture");
    Objects.requireNonNull(os, "os");
    variant = Objects.requireNonNull(variant, "variant").filter(v -> !v.isEmpty());
    osVersion = Objects.requireNonNull(osVersion, "osVersion").filter(v -> !v.isEmpty());
    osFeatures = List.copyOf(osFeatures);
    Objects.requireNonNull(created, "created");
    Objects.requireNonNull(author, "author");
    Objects.requireNonNull(config, "config");
    Objects.requireNonNull(rootfs, "rootfs");
    history = List.copyOf(history);
  }

  /** An empty config for {@code FROM scratch} on a platform. */
  public static ImageConfig scratch(Platform platform) {
    Platform p = platform.normalize();
    return new ImageConfig(p.architecture(), p.os(), p.variant(), p.osVersion(), p.osFeatures(), Optional.empty(),
        "", ContainerConfig.EMPTY, RootFs.of(List.of()), List.of());
  }

  public Platform platform() {
    return new Platform(os, architecture, variant, osVersion, osFeatures);
  }

  /** The history entries that describe a layer (those not marked {@code empty_layer}). */
  public long nonEmptyHistoryCount() {
    return history.stream().filter(h -> !h.emptyLayer()).count();
  }

  public ImageConfig withConfig(ContainerConfig value) {
    return new ImageConfig(architecture, os, variant, osVersion, osFeatures, created, author, value, rootfs, history);
  }

  public ImageConfig withRootfs(RootFs value) {
    return new ImageConfig(architecture, os, variant, osVersion, osFeatures, created, author, config, value, history);
  }

  public ImageConfig withHistory(List<HistoryEntry> value) {
    return new ImageConfig(architecture, os, variant, osVersion, osFeatures, created, author, config, rootfs, value);
  }

  public ImageConfig withCreated(Optional<Instant> value) {
    return new ImageConfig(architecture, os, variant, osVersion, osFeatures, value, author, config, rootfs, history);
  }

  public ImageConfig withAuthor(String value) {
    return new ImageConfig(architecture, os, variant, osVersion, osFeatures, created, value, config, rootfs, history);
  }
}
