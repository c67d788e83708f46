package dev.stowage.engine.plan;

import java.util.List;
import java.util.Set;

/**
 * A whole build: the stages the target needs, each after the stages it uses, the target last.
 *
 * @param secrets every secret the planned steps mount, with where
 * @param warnings BuildKit's build warnings (e.g. build args nobody declared)
 */
public record BuildPlan(List<StagePlan> stages, Set<SecretUse> secrets, List<String> warnings) {
  public BuildPlan {
    stages = List.copyOf(stages);
    secrets = Set.copyOf(secrets);
    warnings = List.copyOf(warnings);
  }

  public StagePlan target() {
    return stages.get(stages.size() - 1);
  }

  public StagePlan stage(int index) {
    return stages.stream().filter(s -> s.index() == index).findFirst()
        .orElseThrow(() -> new IllegalArgumentException("stage " + index + " is not in the plan"));
  }

  /** One use of a secret by a RUN step: the id, whether the step requires it, and the Dockerfile line. */
  public record SecretUse(String id, boolean required, int line) {
    // equals/hashCode written out for start-up, as for Digest (docs/architecture.md, "Start-up")
    @Override
    public boolean equals(Object other) {
      return other instanceof SecretUse use && id.equals(use.id) && required == use.required && line == use.line;
    }

    @Override
    public int hashCode() {
      return (31 * id.hashCode() + Boolean.hashCode(required)) * 31 + line;
    }
  }
}
