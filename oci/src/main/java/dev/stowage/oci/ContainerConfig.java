package dev.stowage.oci;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The {@code config} object of an image config: what a container started from the image runs with. Empty strings
 * and collections mean "not set" (Go's {@code omitempty}), so an unset field is never written.
 */
public record ContainerConfig(
    String user,
    Set<String> exposedPorts,
    List<String> env,
    List<String> entrypoint,
    List<String> cmd,
    Set<String> volumes,
    String workingDir,
    Map<String, String> labels,
    String stopSignal,
    boolean argsEscaped,
    Optional<Healthcheck> healthcheck,
    List<String> onBuild,
    List<String> shell) {

  public static final ContainerConfig EMPTY =
      new ContainerConfig("", Set.of(), List.of(), List.of(), List.of(), Set.of(), "", Map.of(), "", false,
          Optional.empty(), List.of(), List.of());

  public ContainerConfig {
    Objects.requireNonNull(user, "user");
    exposedPorts = Maps.sortedCopy(exposedPorts);
    env = List.copyOf(env);
    entrypoint = List.copyOf(entrypoint);
    cmd = List.copyOf(cmd);
    volumes = Maps.sortedCopy(volumes);
    Objects.requireNonNull(workingDir, "workingDir");
    labels = Maps.sortedCopy(labels);
    Objects.requireNonNull(stopSignal, "stopSignal");
    Objects.requireNonNull(healthcheck, "healthcheck");
    onBuild = List.copyOf(onBuild);
    shell = List.copyOf(shell);
  }

  public ContainerConfig withUser(String value) {
    return new ContainerConfig(value, exposedPorts, env, entrypoint, cmd, volumes, workingDir, labels, stopSignal,
        argsEscaped, healthcheck, onBuild, shell);
  }

  public ContainerConfig withExposedPorts(Set<String> value) {
    return new ContainerConfig(user, value, env, entrypoint, cmd, volumes, workingDir, labels, stopSignal,
        argsEscaped, healthcheck, onBuild, shell);
  }

  public ContainerConfig withEnv(List<String> value) {
    return new ContainerConfig(user, exposedPorts, value, entrypoint, cmd, volumes, workingDir, labels, stopSignal,
        argsEscaped, healthcheck, onBuild, shell);
  }

  public ContainerConfig withEntrypoint(List<String> value) {
    return new ContainerConfig(user, exposedPorts, env, value, cmd, volumes, workingDir, labels, stopSignal,
        argsEscaped, healthcheck, onBuild, shell);
  }

  public ContainerConfig withCmd(List<String> value) {
    return new ContainerConfig(user, exposedPorts, env, entrypoint, value, volumes, workingDir, labels, stopSignal,
        argsEscaped, healthcheck, onBuild, shell);
  }

  public ContainerConfig withVolumes(Set<String> value) {
    return new ContainerConfig(user, exposedPorts, env, entrypoint, cmd, value, workingDir, labels, stopSignal,
        argsEscaped, healthcheck, onBuild, shell);
  }

  public ContainerConfig withWorkingDir(String value) {
    return new ContainerConfig(user, exposedPorts, env, entrypoint, cmd, volumes, value, labels, stopSignal,
        argsEscaped, healthcheck, onBuild, shell);
  }

  public ContainerConfig withLabels(Map<String, String> value) {
    return new ContainerConfig(user, exposedPorts, env, entrypoint, cmd, volumes, workingDir, value, stopSignal,
        argsEscaped, healthcheck, onBuild, shell);
  }

  public ContainerConfig withStopSignal(String value) {
    return new ContainerConfig(user, exposedPorts, env, entrypoint, cmd, volumes, workingDir, labels, value,
        argsEscaped, healthcheck, onBuild, shell);
  }

  public ContainerConfig withArgsEscaped(boolean value) {
    return new ContainerConfig(user, exposedPorts, env, entrypoint, cmd, volumes, workingDir, labels, stopSignal,
        value, healthcheck, onBuild, shell);
  }

  public ContainerConfig withHealthcheck(Optional<Healthcheck> value) {
    return new ContainerConfig(user, exposedPorts, env, entrypoint, cmd, volumes, workingDir, labels, stopSignal,
        argsEscaped, value, onBuild, shell);
  }

  public ContainerConfig withOnBuild(List<String> value) {
    return new ContainerConfig(user, exposedPorts, env, entrypoint, cmd, volumes, workingDir, labels, stopSignal,
        argsEscaped, healthcheck, value, shell);
  }

  public ContainerConfig withShell(List<String> value) {
    return new ContainerConfig(user, exposedPorts, env, entrypoint, cmd, volumes, workingDir, labels, stopSignal,
        argsEscaped, healthcheck, onBuild, value);
  }
}
