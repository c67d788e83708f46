package dev.stowage.cli.build.progress;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stowage.engine.event.BuildEvent;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class PlainProgressTest {
  private final Captured out = new Captured();
  private final FakeClock clock = new FakeClock();

  @Test
  void printsBuildkitPlainLines() {
    PlainProgress plain = new PlainProgress(out.stream, false, clock);
    Events.SUCCESSFUL.forEach(plain::accept);
    plain.accept(new BuildEvent.Started(4, "[stage-0 3/3] RUN false"));
    plain.accept(new BuildEvent.Failed(4, Duration.ofMillis(80), "exit code 1"));
    assertThat(out.text()).isEqualTo("""
        WARNING: the build arg UNUSED is not consumed by any stage
        #1 [stage-0] FROM base:1
        #1 DONE 0.0s
        #2 [stage-0 1/2] COPY app /app
        #2 CACHED
        #3 [stage-0 2/2] RUN make
        #3 0.123 compiling ****
        #3 1.500 linking
        #3 1.500 ok
        #3 DONE 2.4s
        writing image sha256:0123 done
        #4 [stage-0 3/3] RUN false
        #4 ERROR: exit code 1
        """);
  }

  @Test
  void quietPrintsOnlyWarnings() {
    PlainProgress quiet = new PlainProgress(out.stream, true, clock);
    Events.SUCCESSFUL.forEach(quiet::accept);
    assertThat(out.text()).isEqualTo("WARNING: the build arg UNUSED is not consumed by any stage\n");
  }

  @Test
  void transfersPrintAtMostOnceASecondAndWhenDone() {
    PlainProgress plain = new PlainProgress(out.stream, false, clock);
    plain.accept(new BuildEvent.Started(1, "[stage-0] FROM base:1"));
    plain.accept(new BuildEvent.Progress(1, "sha256:aaaa", 0, 3_400_000, false));
    clock.advanceMillis(300);
    plain.accept(new BuildEvent.Progress(1, "sha256:aaaa", 1_000_000, 3_400_000, false)); // too soon: skipped
    clock.advanceMillis(900);
    plain.accept(new BuildEvent.Progress(1, "sha256:aaaa", 1_200_000, 3_400_000, false));
    clock.advanceMillis(100);
    plain.accept(new BuildEvent.Progress(1, "sha256:aaaa", 3_400_000, 3_400_000, true));
    plain.accept(new BuildEvent.Progress(1, "extracting", 512, 0, true));
    assertThat(out.text()).isEqualTo("""
        #1 [stage-0] FROM base:1
        #1 sha256:aaaa 0B / 3.40MB
        #1 sha256:aaaa 1.20MB / 3.40MB 1.2s
        #1 sha256:aaaa 3.40MB / 3.40MB 1.3s done
        #1 extracting 512B done
        """);
  }
}
