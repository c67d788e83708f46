package dev.stowage.cli.build.progress;

import dev.stowage.engine.event.BuildEvent;
import java.io.PrintStream;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;

/**
 * The live view ({@code --progress=tty}): events update a {@link BuildTrace}; one virtual thread redraws the
 * view in place about ten times a second (cursor up over the previous frame, each line cleared to its end). On
 * {@link #close()} the final frame is drawn once, followed by the logs of failed steps and the warnings. Every
 * frame hides the cursor and turns off line wrapping only while it is written, so a build killed mid-way leaves
 * the terminal as it was. Log text arrives redacted and is shown as it came, minus control characters.
 */
final class TtyProgress implements ProgressSink {
  static final Duration REFRESH = Duration.ofMillis(100);
  static final String ESC = "\u001b[";
  static final String HIDE_CURSOR = ESC + "?25l";
  static final String SHOW_CURSOR = ESC + "?25h";
  static final String NO_WRAP = ESC + "?7l";
  static final String WRAP = ESC + "?7h";
  static final String CLEAR_TO_END_OF_LINE = ESC + "K";
  static final String CLEAR_BELOW = ESC + "J";

  private final PrintStream out;
  private final Terminal terminal;
  private final InstantSource clock;
  private final BuildTrace trace;
  private int drawnLines;
  private boolean closed;
  private Thread ticker;

  TtyProgress(PrintStream out, Terminal terminal, InstantSource clock) {
    this.out = out;
    this.terminal = terminal;
    this.clock = clock;
    this.trace = new BuildTrace(clock.instant());
  }

  /** A view that redraws itself every {@link #REFRESH} until closed. */
  static TtyProgress start(PrintStream out, Terminal terminal, InstantSource clock) {
    TtyProgress progress = new TtyProgress(out, terminal, clock);
    progress.ticker = Thread.ofVirtual().name("stowage-progress").start(progress::tick);
    return progress;
  }

  @Override
  public synchronized void accept(BuildEvent event) {
    if (!closed) {
      trace.apply(event, clock.instant());
    }
  }

  @Override
  public void close() {
    Thread running;
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
      running = ticker;
    }
    if (running != null) {
      running.interrupt();
      try {
        running.join(REFRESH.multipliedBy(10));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt(); // the ticker stops on its own: it sees closed
      }
    }
    synchronized (this) {
      if (drawnLines > 0 || trace.anyEvent()) {
        draw(true);
        List<String> epilogue = TtyFrame.epilogue(trace);
        epilogue.forEach(out::println);
        out.flush();
      }
    }
  }

  /** Draws the current state over the previous frame. */
  synchronized void redraw() {
    if (!closed) {
      draw(false);
    }
  }

  private void tick() {
    try {
      while (true) {
        Thread.sleep(REFRESH);
        redraw();
        synchronized (this) {
          if (closed) {
            return;
          }
        }
      }
    } catch (InterruptedException e) {
      // closed: close() draws the final frame
    }
  }

  private void draw(boolean last) {
    List<String> lines = TtyFrame.render(trace, clock.instant(), terminal, last);
    StringBuilder frame = new StringBuilder(HIDE_CURSOR).append(NO_WRAP);
    if (drawnLines > 0) {
      frame.append('\r').append(ESC).append(drawnLines).append('A');
    }
    for (String line : lines) {
      frame.append(line).append(CLEAR_TO_END_OF_LINE).append('\n');
    }
    frame.append(CLEAR_BELOW).append(WRAP).append(SHOW_CURSOR);
    out.print(frame);
    out.flush();
    drawnLines = lines.size();
  }
}
