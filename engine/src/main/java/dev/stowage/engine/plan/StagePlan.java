package dev.stowage.engine.plan;

import dev.stowage.oci.ImageConfig;
import java.util.List;

/**
 * One stage, planned: where it starts, the steps that make layers, and the image config it ends with (history
 * included; the rootfs holds the base's DiffIDs, to which the solver appends one per step).
 *
 * @param index the stage's position in the Dockerfile
 * @param name the {@code AS} name, or the index as text
 */
public record StagePlan(int index, String name, BaseSource base, List<PlannedStep> steps, ImageConfig image) {
  public StagePlan {
    steps = List.copyOf(steps);
  }
}
