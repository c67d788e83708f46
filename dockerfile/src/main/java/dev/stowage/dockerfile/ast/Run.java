package dev.stowage.dockerfile.ast;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * {@code RUN [--mount=...]... [--network=...] [--security=...] command}.
 *
 * @param command shell form (possibly mentioning heredoc markers such as {@code <<EOF}) or exec form
 * @param mounts the {@code --mount} flags in the order written, typed but with no defaults applied
 * @param network empty when {@code --network} was not written (BuildKit's default is {@code default})
 * @param security empty when {@code --security} was not written (BuildKit's default is {@code sandbox})
 * @param heredocs the here-documents whose markers appear in the command, in order
 */
public record Run(Origin origin, CommandForm command, List<MountSpec> mounts, Optional<NetworkMode> network,
    Optional<SecurityMode> security, List<Heredoc> heredocs) implements Instruction {
  public Run {
    Objects.requireNonNull(origin, "origin");
    Objects.requireNonNull(command, "command");
    mounts = List.copyOf(mounts);
    Objects.requireNonNull(network, "network");
    Objects.requireNonNull(security, "security");
    heredocs = List.copyOf(heredocs);
  }

  public List<SecretMount> secretMounts() {
    return mounts.stream().filter(SecretMount.class::isInstance).map(SecretMount.class::cast).toList();
  }

  @Override
  public Keyword keyword() {
    return Keyword.RUN;
  }
}
