package dev.stowage.cli.build.progress;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stowage.engine.event.BuildEvent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class TtyProgressTest {
  private static final int WIDTH = 60;
  private static final Pattern CURSOR_UP = Pattern.compile("^\r\u001b\\[(\\d+)A");
  private final Captured out = new Captured();
  private final FakeClock clock = new FakeClock();

  @Test
  void redrawsInPlaceThenPrintsTheFinalFrameAndTheWarnings() {
    TtyProgress tty = new TtyProgress(out.stream, new Terminal(WIDTH, 24, false), clock);
    tty.accept(new BuildEvent.Warning("the build arg UNUSED is not consumed by any stage"));
    tty.accept(new BuildEvent.Started(1, "[stage-0] FROM base:1"));
    tty.accept(new BuildEvent.Done(1, Duration.ofMillis(20)));
    tty.accept(new BuildEvent.Started(2, "[stage-0 1/2] COPY app /app"));
    clock.advanceMillis(10);
    tty.accept(new BuildEvent.Cached(2));
    tty.accept(new BuildEvent.Started(3, "[stage-0 2/2] RUN make"));
    tty.accept(new BuildEvent.Log(3, Duration.ofMillis(123), "compiling ****\n"));
    tty.accept(new BuildEvent.Log(3, Duration.ofMillis(900), "linking\nok"));
    clock.advanceMillis(1000);
    tty.redraw();
    clock.advanceMillis(1500);
    tty.redraw();
    tty.accept(new BuildEvent.Done(3, Duration.ofMillis(2350)));
    tty.accept(new BuildEvent.Info("writing image sha256:0123 done"));
    clock.advanceMillis(50);
    tty.close();

    List<Frame> frames = frames(out.text());
    assertThat(frames).hasSize(3);
    assertThat(frames.get(0).up()).isZero();
    assertThat(frames.get(0).lines()).containsExactly(
        "[+] Building 1.0s (2/3)",
        row(" => [stage-0] FROM base:1", "0.0s"),
        row(" => CACHED [stage-0 1/2] COPY app /app", "0.0s"),
        row(" => [stage-0 2/2] RUN make", "1.0s"),
        " => => # compiling ****",
        " => => # linking",
        " => => # ok");
    assertThat(frames.get(1).up()).as("the second frame starts over the first").isEqualTo(7);
    assertThat(frames.get(1).lines()).contains("[+] Building 2.5s (2/3)", row(" => [stage-0 2/2] RUN make", "2.5s"));
    assertThat(frames.get(2).up()).isEqualTo(7);
    assertThat(frames.get(2).lines()).containsExactly(
        "[+] Building 2.6s (3/3) FINISHED",
        row(" => [stage-0] FROM base:1", "0.0s"),
        row(" => CACHED [stage-0 1/2] COPY app /app", "0.0s"),
        row(" => [stage-0 2/2] RUN make", "2.4s"),
        " => writing image sha256:0123 done");
    assertThat(frames.get(2).after()).containsExactly(
        "", " 1 warning found:", " - the build arg UNUSED is not consumed by any stage");
    assertThat(out.text()).contains(TtyProgress.HIDE_CURSOR, TtyProgress.SHOW_CURSOR, TtyProgress.CLEAR_TO_END_OF_LINE,
        TtyProgress.CLEAR_BELOW).endsWith("stage\n");
  }

  @Test
  void aFailedStepIsMarkedAndItsLogFollowsTheView() {
    TtyProgress tty = new TtyProgress(out.stream, new Terminal(WIDTH, 24, false), clock);
    tty.accept(new BuildEvent.Started(1, "[stage-0 1/1] RUN ./test.sh"));
    tty.accept(new BuildEvent.Log(1, Duration.ofMillis(50), "running 3 tests\n"));
    tty.accept(new BuildEvent.Log(1, Duration.ofMillis(12_345), "\u001b[31mFAIL\u001b[0m: token ****\n"));
    tty.accept(new BuildEvent.Failed(1, Duration.ofMillis(12_400), "exit code 1"));
    tty.close();
    tty.close(); // twice is harmless

    List<Frame> frames = frames(out.text());
    assertThat(frames).singleElement().satisfies(frame -> {
      assertThat(frame.lines()).containsExactly("[+] Building 0.0s (1/1) FINISHED",
          row(" => ERROR [stage-0 1/1] RUN ./test.sh", "12.4s"));
      assertThat(frame.after()).containsExactly(
          "------",
          " > [stage-0 1/1] RUN ./test.sh:",
          "0.050 running 3 tests",
          "12.35  FAIL : token ****",
          "------");
    });
    assertThat(out.text()).doesNotContain("\u001b[31m");
  }

  @Test
  void aLiveFrameFitsTheScreenAndTheFinalFrameShowsEverything() {
    TtyProgress tty = new TtyProgress(out.stream, new Terminal(WIDTH, 8, false), clock);
    for (int id = 1; id <= 10; id++) {
      tty.accept(new BuildEvent.Started(id, "[stage-0 " + id + "/11] ENV N=" + id));
      tty.accept(new BuildEvent.Done(id, Duration.ZERO));
    }
    tty.accept(new BuildEvent.Started(11, "[stage-0 11/11] RUN seq 20"));
    for (int i = 1; i <= 20; i++) {
      tty.accept(new BuildEvent.Log(11, Duration.ofMillis(i), i + "\n"));
    }
    tty.redraw();
    tty.accept(new BuildEvent.Done(11, Duration.ofMillis(30)));
    tty.close();

    List<Frame> frames = frames(out.text());
    List<String> live = frames.get(0).lines();
    assertThat(live).hasSize(7).first().isEqualTo("[+] Building 0.0s (10/11)");
    assertThat(live).last().isEqualTo(row(" => [stage-0 11/11] RUN seq 20", "0.0s"));
    assertThat(live).contains(row(" => [stage-0 10/11] ENV N=10", "0.0s"))
        .doesNotContain(row(" => [stage-0 1/11] ENV N=1", "0.0s"));
    assertThat(frames.get(1).up()).isEqualTo(7);
    assertThat(frames.get(1).lines()).hasSize(12).contains(row(" => [stage-0 1/11] ENV N=1", "0.0s"));
  }

  @Test
  void aRunningStepShowsItsLastLogLinesAndTransfers() {
    TtyProgress tty = new TtyProgress(out.stream, new Terminal(WIDTH, 30, false), clock);
    tty.accept(new BuildEvent.Started(1, "[stage-0] FROM registry.example/app:1"));
    tty.accept(new BuildEvent.Progress(1, "sha256:aaaa", 0, 3_400_000, false));
    clock.advanceMillis(700);
    tty.accept(new BuildEvent.Progress(1, "sha256:aaaa", 1_200_000, 3_400_000, false));
    tty.accept(new BuildEvent.Progress(1, "sha256:bbbb", 512, 512, true));
    tty.accept(new BuildEvent.Started(2, "[stage-0 1/1] RUN make"));
    for (int i = 1; i <= 8; i++) {
      tty.accept(new BuildEvent.Log(2, Duration.ofMillis(i), "line " + i + "\n"));
    }
    clock.advanceMillis(300);
    tty.redraw();

    assertThat(frames(out.text()).get(0).lines()).containsExactly(
        "[+] Building 1.0s (0/2)",
        row(" => [stage-0] FROM registry.example/app:1", "1.0s"),
        row(" => => sha256:aaaa 1.20MB / 3.40MB", "1.0s"),
        row(" => => sha256:bbbb 512B / 512B", "0.0s"),
        row(" => [stage-0 1/1] RUN make", "0.3s"),
        " => => # line 3", " => => # line 4", " => => # line 5", " => => # line 6", " => => # line 7",
        " => => # line 8");
    tty.close();
  }

  @Test
  void longNamesAreCutToTheWidth() {
    TtyProgress tty = new TtyProgress(out.stream, new Terminal(WIDTH, 24, false), clock);
    tty.accept(new BuildEvent.Started(1, "[stage-0 1/1] RUN " + "x".repeat(200)));
    tty.accept(new BuildEvent.Log(1, Duration.ZERO, "y".repeat(200) + "\n"));
    tty.redraw();
    List<String> lines = frames(out.text()).get(0).lines();
    assertThat(lines).allSatisfy(line -> assertThat(line.length()).isLessThanOrEqualTo(WIDTH - 1));
    assertThat(lines.get(1)).startsWith(" => [stage-0 1/1] RUN xxx").endsWith(" 0.0s");
    tty.close();
  }

  @Test
  void coloursFinishedStepsBlueErrorsRedAndLogsFaint() {
    TtyProgress tty = new TtyProgress(out.stream, new Terminal(WIDTH, 24, true), clock);
    tty.accept(new BuildEvent.Started(1, "[stage-0 1/2] COPY a /a"));
    tty.accept(new BuildEvent.Done(1, Duration.ofMillis(100)));
    tty.accept(new BuildEvent.Started(2, "[stage-0 2/2] RUN false"));
    tty.accept(new BuildEvent.Log(2, Duration.ZERO, "nope\n"));
    tty.redraw();
    tty.accept(new BuildEvent.Failed(2, Duration.ofMillis(100), "exit code 1"));
    tty.close();
    String text = out.text();
    assertThat(text).contains(TtyFrame.BLUE + " => [stage-0 1/2] COPY a /a")
        .contains(TtyFrame.FAINT + " => => # nope" + TtyFrame.RESET)
        .contains(TtyFrame.RED + " => ERROR [stage-0 2/2] RUN false");
  }

  @Test
  void nothingIsPrintedWhenTheBuildEndsBeforeAnyEvent() {
    new TtyProgress(out.stream, new Terminal(WIDTH, 24, false), clock).close();
    assertThat(out.text()).isEmpty();
  }

  @Test
  void theTickerStopsOnCloseAndTheFinalFrameIsDrawnOnce() throws InterruptedException {
    TtyProgress tty = TtyProgress.start(out.stream, new Terminal(WIDTH, 24, false), clock);
    tty.accept(new BuildEvent.Started(1, "[stage-0 1/1] WORKDIR /app"));
    tty.accept(new BuildEvent.Done(1, Duration.ZERO));
    tty.close();
    String closed = out.text();
    Thread.sleep(TtyProgress.REFRESH.multipliedBy(3));
    assertThat(out.text()).as("no frame after close").isEqualTo(closed);
    assertThat(frames(closed)).last().satisfies(frame ->
        assertThat(frame.lines()).containsExactly("[+] Building 0.0s (1/1) FINISHED",
            row(" => [stage-0 1/1] WORKDIR /app", "0.0s")));
    assertThat(closed.split(Pattern.quote("FINISHED"), -1)).hasSize(2);
  }

  /** A line of the view: {@code left}, then {@code right} flush with the last usable column. */
  private static String row(String left, String right) {
    return left + " ".repeat(WIDTH - 1 - left.length() - right.length()) + right;
  }

  /** One drawn frame: how many lines the cursor went up first, its lines, and what was printed after it. */
  private record Frame(int up, List<String> lines, List<String> after) {}

  private static List<Frame> frames(String text) {
    List<Frame> frames = new ArrayList<>();
    String[] chunks = text.split(Pattern.quote(TtyProgress.HIDE_CURSOR + TtyProgress.NO_WRAP), -1);
    assertThat(chunks[0]).as("nothing before the first frame").isEmpty();
    for (String chunk : Arrays.asList(chunks).subList(1, chunks.length)) {
      var up = CURSOR_UP.matcher(chunk);
      int lines = 0;
      if (up.find()) {
        lines = Integer.parseInt(up.group(1));
        chunk = chunk.substring(up.end());
      }
      String end = TtyProgress.CLEAR_BELOW + TtyProgress.WRAP + TtyProgress.SHOW_CURSOR;
      assertThat(chunk).contains(end);
      String body = chunk.substring(0, chunk.indexOf(end));
      String after = chunk.substring(chunk.indexOf(end) + end.length());
      List<String> frameLines = new ArrayList<>();
      for (String line : body.split("\n")) {
        assertThat(line).endsWith(TtyProgress.CLEAR_TO_END_OF_LINE);
        frameLines.add(line.substring(0, line.length() - TtyProgress.CLEAR_TO_END_OF_LINE.length()));
      }
      frames.add(new Frame(lines, frameLines, after.isEmpty() ? List.of() : List.of(after.split("\n", -1))
          .subList(0, after.split("\n", -1).length - 1)));
    }
    return frames;
  }
}
