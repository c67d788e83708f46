package dev.stowage.engine.plan;

import dev.stowage.oci.Platform;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * What to build, as far as planning is concerned: everything here is a plain value (no files are read).
 *
 * @param dockerfileName the Dockerfile's name in messages ({@code Dockerfile}, {@code app/Dockerfile.prod})
 * @param buildArgs {@code --build-arg} values, in the order given
 * @param target {@code --target}: the stage to build (default: the last one)
 * @param targetPlatform the platform the image is built for
 * @param buildPlatform the platform of this machine
 * @param labels {@code --label} values, added to the final image
 * @param historyArgs how build args appear in RUN history
 * @param maskedArgs build args whose values are secrets the user allowed ({@code --allow-secret-args}): their
 *     values never appear in history, even with {@link HistoryArgs#VALUES}
 * @param namedContexts {@code --build-context NAME=docker-image://REF}: a FROM or {@code COPY --from} naming NAME
 *     (an image or a stage) uses the image REF instead
 */
public record BuildRequest(
    String dockerfileName,
    Map<String, String> buildArgs,
    Optional<String> target,
    Platform targetPlatform,
    Platform buildPlatform,
    Map<String, String> labels,
    HistoryArgs historyArgs,
    Set<String> maskedArgs,
    Map<String, String> namedContexts) {

  public BuildRequest {
    Objects.requireNonNull(dockerfileName, "dockerfileName");
    buildArgs = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(buildArgs));
    Objects.requireNonNull(target, "target");
    Objects.requireNonNull(targetPlatform, "targetPlatform");
    Objects.requireNonNull(buildPlatform, "buildPlatform");
    labels = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(labels));
    Objects.requireNonNull(historyArgs, "historyArgs");
    maskedArgs = Set.copyOf(maskedArgs);
    namedContexts = Map.copyOf(namedContexts);
  }

  /** A request with defaults: no args, last stage, this machine's platform, names-only history. */
  public static BuildRequest defaults(String dockerfileName) {
    Platform host = Platform.host();
    return new BuildRequest(dockerfileName, Map.of(), Optional.empty(), host, host, Map.of(), HistoryArgs.NAMES,
        Set.of(), Map.of());
  }

  public BuildRequest withBuildArgs(Map<String, String> value) {
    return new BuildRequest(dockerfileName, value, target, targetPlatform, buildPlatform, labels, historyArgs,
        maskedArgs, namedContexts);
  }

  public BuildRequest withTarget(Optional<String> value) {
    return new BuildRequest(dockerfileName, buildArgs, value, targetPlatform, buildPlatform, labels, historyArgs,
        maskedArgs, namedContexts);
  }

  public BuildRequest withHistoryArgs(HistoryArgs value) {
    return new BuildRequest(dockerfileName, buildArgs, target, targetPlatform, buildPlatform, labels, value,
        maskedArgs, namedContexts);
  }

  public BuildRequest withMaskedArgs(Set<String> value) {
    return new BuildRequest(dockerfileName, buildArgs, target, targetPlatform, buildPlatform, labels, historyArgs,
        value, namedContexts);
  }

  public BuildRequest withNamedContexts(Map<String, String> value) {
    return new BuildRequest(dockerfileName, buildArgs, target, targetPlatform, buildPlatform, labels, historyArgs,
        maskedArgs, value);
  }

  public BuildRequest withLabels(Map<String, String> value) {
    return new BuildRequest(dockerfileName, buildArgs, target, targetPlatform, buildPlatform, value, historyArgs,
        maskedArgs, namedContexts);
  }
}
