package dev.stowage.dockerfile.lint;

import dev.stowage.dockerfile.lint.shell.SecretSource;
import java.util.Map;

/**
 * What is known just before an instruction runs.
 *
 * @param stageIndex the stage (-1 for global ARGs)
 * @param workdir the absolute working directory (the base image's is assumed to be {@code /})
 * @param home the home directory of the current USER
 * @param variables ARG and ENV values visible to the instruction (values may be empty when unknown)
 * @param secretVariables the variables among them that carry a secret
 * @param shellTraces true when the stage's SHELL runs with {@code -x}
 */
record Scope(int stageIndex, String workdir, String home, Map<String, String> variables,
    Map<String, SecretSource> secretVariables, boolean shellTraces) {
  Scope {
    variables = Map.copyOf(variables);
    secretVariables = Map.copyOf(secretVariables);
  }

  /** Names only: variable values may be secrets. */
  @Override
  public String toString() {
    return "Scope[stage " + stageIndex + ", workdir " + workdir + ", variables " + variables.keySet() + ", secret "
        + secretVariables.keySet() + "]";
  }
}
