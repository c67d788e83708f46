package dev.stowage.engine.solve;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stowage.dockerfile.ast.Instruction;
import dev.stowage.dockerfile.parse.DockerfileParser;
import dev.stowage.engine.plan.BaseSource;
import dev.stowage.engine.plan.BuildPlan;
import dev.stowage.engine.plan.CopySource;
import dev.stowage.engine.plan.PlannedStep;
import dev.stowage.engine.plan.StagePlan;
import dev.stowage.oci.ImageConfig;
import dev.stowage.oci.Platform;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class StageSchedulerTest {
  private static final ImageConfig CONFIG = ImageConfig.scratch(Platform.parse("linux/amd64"));

  private static StagePlan stage(int index, BaseSource base) {
    return new StagePlan(index, "s" + index, base, List.of(), CONFIG);
  }

  /** A stage on {@code base} whose one step copies from stage {@code from}. */
  private static StagePlan copyingFrom(int index, BaseSource base, int from) {
    Instruction line = DockerfileParser.parse("FROM scratch\nCOPY --from=s" + from + " /out /app\n", "Dockerfile")
        .dockerfile().stages().get(0).body().get(0);
    PlannedStep.Copy copy = new PlannedStep.Copy(line, "COPY --from=s" + from + " /out /app",
        new CopySource.Stage(from), List.of("/out"), List.of(), "/app", Optional.empty(), Optional.empty(), false,
        false, List.of(), false, "");
    return new StagePlan(index, "s" + index, base, List.of(copy), CONFIG);
  }

  @Test
  void independentStagesRunAtTheSameTimeAndTheLastSeesBoth() throws Exception {
    // Stages 0 and 1 can each finish only while the other is running: a sequential scheduler would fail them.
    CountDownLatch bothRunning = new CountDownLatch(2);
    BuildPlan plan = new BuildPlan(List.of(stage(0, new BaseSource.Scratch()), stage(1, new BaseSource.Scratch()),
        stage(2, new BaseSource.Stage(0))), Set.of(), List.of());
    Map<Integer, String> results = StageScheduler.run(plan, (stage, done) -> {
      if (stage.index() < 2) {
        bothRunning.countDown();
        if (!bothRunning.await(20, TimeUnit.SECONDS)) {
          throw new IOException("stage " + stage.index() + " ran alone");
        }
        return "fs" + stage.index();
      }
      return "on " + done.get(0);
    });
    assertThat(results).containsEntry(0, "fs0").containsEntry(1, "fs1").containsEntry(2, "on fs0");
  }

  @Test
  void aFailureCancelsTheOtherStagesAndIsRethrownAfterTheyStop() {
    AtomicBoolean otherInterrupted = new AtomicBoolean();
    AtomicBoolean otherCleanedUp = new AtomicBoolean();
    CountDownLatch otherStarted = new CountDownLatch(1);
    BuildPlan plan = new BuildPlan(List.of(stage(0, new BaseSource.Scratch()), stage(1, new BaseSource.Scratch()),
        stage(2, new BaseSource.Stage(1))), Set.of(), List.of());
    assertThatThrownBy(() -> StageScheduler.run(plan, (stage, done) -> {
      switch (stage.index()) {
        case 0 -> {
          otherStarted.await(20, TimeUnit.SECONDS);
          throw new IllegalStateException("step failed in stage 0");
        }
        case 1 -> {
          otherStarted.countDown();
          try {
            Thread.sleep(60_000);
          } catch (InterruptedException e) {
            otherInterrupted.set(true);
            throw e;
          } finally {
            otherCleanedUp.set(true);
          }
          return "never";
        }
        default -> throw new AssertionError("stage 2 must not start: its base failed to finish");
      }
    })).isInstanceOf(IllegalStateException.class).hasMessage("step failed in stage 0");
    assertThat(otherInterrupted).isTrue();
    assertThat(otherCleanedUp).isTrue(); // run() returned only after the cancelled stage released its resources
  }

  @Test
  void aStageStartsOnItsBaseAloneAndWaitsForWhatItCopiesFromWhereItReadsIt() throws Exception {
    // Stage 1 copies from stage 0, but is built on an image: it starts while stage 0 runs, as BuildKit's graph
    // does, and only its COPY waits. Stage 0 can finish only once stage 1 has started.
    CountDownLatch lastStarted = new CountDownLatch(1);
    BuildPlan plan = new BuildPlan(List.of(stage(0, new BaseSource.Scratch()),
        copyingFrom(1, new BaseSource.Scratch(), 0)), Set.of(), List.of());
    Map<Integer, String> results = StageScheduler.run(plan, (stage, done) -> {
      if (stage.index() == 0) {
        if (!lastStarted.await(20, TimeUnit.SECONDS)) {
          throw new IOException("stage 1 waited for all of stage 0");
        }
        return "fs0";
      }
      lastStarted.countDown();
      done.await(StageScheduler.dependencies(stage.steps().get(0)));
      return "copied " + done.get(0);
    });
    assertThat(results).containsEntry(0, "fs0").containsEntry(1, "copied fs0");
  }

  @Test
  void aFailedStageInterruptsTheStagesWaitingToCopyFromIt() {
    AtomicBoolean waiterInterrupted = new AtomicBoolean();
    CountDownLatch waiting = new CountDownLatch(1);
    BuildPlan plan = new BuildPlan(List.of(stage(0, new BaseSource.Scratch()),
        copyingFrom(1, new BaseSource.Scratch(), 0)), Set.of(), List.of());
    assertThatThrownBy(() -> StageScheduler.run(plan, (stage, done) -> {
      if (stage.index() == 0) {
        waiting.await(20, TimeUnit.SECONDS);
        throw new IllegalStateException("step failed in stage 0");
      }
      waiting.countDown();
      try {
        done.await(Set.of(0));
      } catch (InterruptedException e) {
        waiterInterrupted.set(true);
        throw e;
      }
      throw new AssertionError("stage 0 never finished");
    })).isInstanceOf(IllegalStateException.class).hasMessage("step failed in stage 0");
    assertThat(waiterInterrupted).isTrue();
  }

  @Test
  void stagesThatCopyFromEachOtherAreRefusedBeforeAnyStarts() {
    BuildPlan plan = new BuildPlan(List.of(copyingFrom(0, new BaseSource.Scratch(), 1),
        copyingFrom(1, new BaseSource.Scratch(), 0)), Set.of(), List.of());
    assertThatThrownBy(() -> StageScheduler.run(plan, (stage, done) -> {
      throw new AssertionError("no stage may start");
    })).isInstanceOf(IllegalStateException.class).hasMessage("stages [s0, s1] wait for each other");
  }

  @Test
  void aSingleStageRunsOnTheCallingThread() throws Exception {
    Thread caller = Thread.currentThread();
    BuildPlan plan = new BuildPlan(List.of(stage(0, new BaseSource.Scratch())), Set.of(), List.of());
    assertThat(StageScheduler.run(plan, (stage, done) -> Thread.currentThread() == caller)).containsEntry(0, true);
  }
}
