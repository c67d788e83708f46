package dev.stowage.engine.solve;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stowage.engine.plan.BaseSource;
import dev.stowage.engine.plan.BuildPlan;
import dev.stowage.engine.plan.StagePlan;
import dev.stowage.oci.ImageConfig;
import dev.stowage.oci.Platform;
import java.io.IOException;
import java.util.List;
import java.util.Map;
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
  void aSingleStageRunsOnTheCallingThread() throws Exception {
    Thread caller = Thread.currentThread();
    BuildPlan plan = new BuildPlan(List.of(stage(0, new BaseSource.Scratch())), Set.of(), List.of());
    assertThat(StageScheduler.run(plan, (stage, done) -> Thread.currentThread() == caller)).containsEntry(0, true);
  }
}
