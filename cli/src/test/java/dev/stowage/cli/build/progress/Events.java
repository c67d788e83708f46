package dev.stowage.cli.build.progress;

import dev.stowage.engine.event.BuildEvent;
import java.time.Duration;
import java.util.List;

/** A small build as the engine reports it: a FROM, a cached COPY, a RUN with output, an image written. */
final class Events {
  private Events() {}

  static final List<BuildEvent> SUCCESSFUL = List.of(
      new BuildEvent.Warning("the build arg UNUSED is not consumed by any stage"),
      new BuildEvent.Started(1, "[stage-0] FROM base:1"),
      new BuildEvent.Done(1, Duration.ofMillis(20)),
      new BuildEvent.Started(2, "[stage-0 1/2] COPY app /app"),
      new BuildEvent.Cached(2),
      new BuildEvent.Started(3, "[stage-0 2/2] RUN make"),
      new BuildEvent.Log(3, Duration.ofMillis(123), "compiling ****\n"),
      new BuildEvent.Log(3, Duration.ofMillis(1500), "linking\nok"),
      new BuildEvent.Done(3, Duration.ofMillis(2350)),
      new BuildEvent.Info("writing image sha256:0123 done"));

}
