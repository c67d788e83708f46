package dev.stowage.engine.solve;

import dev.stowage.engine.plan.BaseSource;
import dev.stowage.engine.plan.BuildPlan;
import dev.stowage.engine.plan.CopySource;
import dev.stowage.engine.plan.PlannedMount;
import dev.stowage.engine.plan.PlannedStep;
import dev.stowage.engine.plan.StagePlan;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorCompletionService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs a plan's stages as BuildKit runs its graph: a stage starts as soon as the stage it is built on (its
 * {@code FROM}) is done, and each step that reads another stage ({@code COPY --from}, {@code RUN --mount from=})
 * waits for that stage only when it is reached ({@link Done#await}). Independent stages run at the same time, and
 * a last stage's own steps (its base image, a package install) run while the stages it copies from are still
 * building. The first failure cancels the stages still running or waiting (their threads are interrupted, which
 * stops their containers) and is rethrown once every one of them has released what it held; an interrupt of the
 * calling thread does the same.
 */
final class StageScheduler {
  /** Solves one stage; {@code done} has the stage it is built on, and waits for the others it reads. */
  @FunctionalInterface
  interface StageWork<R> {
    R solve(StagePlan stage, Done<R> done) throws IOException, InterruptedException;
  }

  /** The results of the stages done so far, by stage index; a stage's work waits here for the ones it reads. */
  static final class Done<R> {
    private final Map<Integer, R> results = new ConcurrentHashMap<>();

    /** The result of a stage that is done. */
    R get(int index) {
      R result = results.get(index);
      if (result == null) {
        throw new IllegalStateException("stage " + index + " is not done"); // await it first
      }
      return result;
    }

    /** Blocks until every stage in {@code indexes} is done; a failed build interrupts the wait. */
    synchronized void await(Set<Integer> indexes) throws InterruptedException {
      while (!results.keySet().containsAll(indexes)) {
        wait();
      }
    }

    synchronized void put(int index, R result) {
      results.put(index, result);
      notifyAll();
    }

    boolean has(int index) {
      return results.containsKey(index);
    }

    Map<Integer, R> all() {
      return Map.copyOf(results);
    }
  }

  private StageScheduler() {}

  /** Every stage's result, by stage index. */
  static <R> Map<Integer, R> run(BuildPlan plan, StageWork<R> work) throws IOException, InterruptedException {
    Done<R> done = new Done<>();
    if (plan.stages().size() == 1) {
      StagePlan only = plan.stages().get(0);
      done.put(only.index(), work.solve(only, done));
      return done.all();
    }
    requireAcyclic(plan);
    List<StagePlan> waiting = new ArrayList<>(plan.stages());
    AtomicInteger threads = new AtomicInteger();
    ExecutorService pool = Executors.newCachedThreadPool(task -> {
      Thread thread = new Thread(task, "stowage-stage-" + threads.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    });
    ExecutorCompletionService<Map.Entry<Integer, R>> completions = new ExecutorCompletionService<>(pool);
    List<Future<Map.Entry<Integer, R>>> running = new ArrayList<>();
    try {
      int inFlight = 0;
      while (!waiting.isEmpty() || inFlight > 0) {
        for (var it = waiting.iterator(); it.hasNext(); ) {
          StagePlan stage = it.next();
          if (!(stage.base() instanceof BaseSource.Stage base) || done.has(base.index())) {
            it.remove();
            running.add(completions.submit(() -> Map.entry(stage.index(), work.solve(stage, done))));
            inFlight++;
          }
        }
        if (inFlight == 0) {
          throw new IllegalStateException("stages " + waiting.stream().map(StagePlan::name).toList()
              + " are built on stages that are not in the plan"); // a bug of the planner, not a user error
        }
        Future<Map.Entry<Integer, R>> finished = completions.take();
        inFlight--;
        Map.Entry<Integer, R> result = get(finished);
        done.put(result.getKey(), result.getValue());
      }
      return done.all();
    } finally {
      running.forEach(f -> f.cancel(true));
      pool.shutdown();
      // Wait for cancelled stages to unmount and delete what they hold before the build reports and exits.
      boolean interrupted = false;
      while (true) {
        try {
          if (pool.awaitTermination(1, TimeUnit.MINUTES)) {
            break;
          }
        } catch (InterruptedException e) {
          interrupted = true;
        }
      }
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private static <T> T get(Future<T> future) throws IOException, InterruptedException {
    try {
      return future.get();
    } catch (ExecutionException e) {
      // instanceof, not a pattern switch: the build's start-up path (see docs/architecture.md, "Start-up")
      Throwable cause = Objects.requireNonNull(e.getCause()); // a null cause throws, as the switch did
      if (cause instanceof IOException io) {
        throw io;
      } else if (cause instanceof InterruptedException interrupted) {
        throw interrupted;
      } else if (cause instanceof RuntimeException runtime) {
        throw runtime;
      } else if (cause instanceof Error error) {
        throw error;
      }
      throw new IllegalStateException(cause);
    }
  }

  /**
   * Refuses a plan whose stages read each other in a circle, which would wait forever: the planner orders stages,
   * so this is a bug of the planner, not a user error.
   */
  private static void requireAcyclic(BuildPlan plan) {
    Map<Integer, Set<Integer>> needs = new HashMap<>();
    for (StagePlan stage : plan.stages()) {
      needs.put(stage.index(), dependencies(stage));
    }
    Set<Integer> ordered = new HashSet<>();
    while (ordered.size() < needs.size()) {
      int before = ordered.size();
      for (var entry : needs.entrySet()) {
        if (!ordered.contains(entry.getKey()) && ordered.containsAll(entry.getValue())) {
          ordered.add(entry.getKey());
        }
      }
      if (ordered.size() == before) {
        throw new IllegalStateException("stages " + plan.stages().stream().filter(s -> !ordered.contains(s.index()))
            .map(StagePlan::name).toList() + " wait for each other");
      }
    }
  }

  /** The stages {@code stage} uses: its base, COPY --from, and RUN --mount from= sources. */
  static Set<Integer> dependencies(StagePlan stage) {
    Set<Integer> needs = new TreeSet<>();
    if (stage.base() instanceof BaseSource.Stage base) {
      needs.add(base.index());
    }
    for (PlannedStep step : stage.steps()) {
      needs.addAll(dependencies(step));
    }
    return needs;
  }

  /** The stages one step reads: COPY --from, and RUN --mount from= sources. */
  static Set<Integer> dependencies(PlannedStep step) {
    Set<Integer> needs = new TreeSet<>();
    if (step instanceof PlannedStep.Copy copy) {
      stageOf(copy.source()).ifPresent(needs::add);
    } else if (step instanceof PlannedStep.Run run) {
      for (PlannedMount mount : run.mounts()) {
        if (mount instanceof PlannedMount.Bind bind) {
          stageOf(bind.from()).ifPresent(needs::add);
        } else if (mount instanceof PlannedMount.Cache cache) {
          cache.from().flatMap(StageScheduler::stageOf).ifPresent(needs::add);
        }
      }
    } else if (step instanceof PlannedStep.Workdir) {
      // uses no other stage
    } else {
      throw new IllegalStateException("unhandled " + step.getClass().getSimpleName());
    }
    return needs;
  }

  private static Optional<Integer> stageOf(CopySource source) {
    return source instanceof CopySource.Stage stage ? Optional.of(stage.index()) : Optional.empty();
  }
}
