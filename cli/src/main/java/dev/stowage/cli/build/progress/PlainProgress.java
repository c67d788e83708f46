package dev.stowage.cli.build.progress;

import dev.stowage.engine.event.BuildEvent;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * BuildKit's plain progress format ({@code --progress=plain}): {@code #N name}, {@code #N 0.123 output},
 * {@code #N DONE 0.4s}, and transfer lines {@code #N sha256:… 1.20MB / 3.40MB 0.8s} at most once a second per
 * item, then {@code … done}. Quiet prints warnings only. Log text arrives already redacted.
 */
public final class PlainProgress implements ProgressSink {
  private static final Duration STATUS_INTERVAL = Duration.ofSeconds(1);
  private final PrintStream out;
  private final boolean quiet;
  private final InstantSource clock;
  /** The running items of Progress events, by vertex and item. */
  private final Map<String, Item> items = new HashMap<>();

  /** When an item's first update came, and when a line about it was last printed (null: never). */
  private static final class Item {
    final Instant started;
    Instant printed;

    Item(Instant started) {
      this.started = started;
    }
  }

  public PlainProgress(PrintStream out, boolean quiet) {
    this(out, quiet, InstantSource.system());
  }

  PlainProgress(PrintStream out, boolean quiet, InstantSource clock) {
    this.out = out;
    this.quiet = quiet;
    this.clock = clock;
  }

  @Override
  public synchronized void accept(BuildEvent event) {
    if (quiet && !(event instanceof BuildEvent.Warning)) {
      return;
    }
    // instanceof, not a pattern switch: the build's start-up path (see docs/architecture.md, "Start-up")
    if (event instanceof BuildEvent.Started s) {
      out.println("#" + s.id() + " " + s.name());
    } else if (event instanceof BuildEvent.Log l) {
      String text = l.text().endsWith("\n") ? l.text().substring(0, l.text().length() - 1) : l.text();
      for (String line : text.split("\n", -1)) {
        out.println("#" + l.id() + " " + seconds(l.sinceStart(), 3) + " " + line);
      }
    } else if (event instanceof BuildEvent.Cached c) {
      out.println("#" + c.id() + " CACHED");
    } else if (event instanceof BuildEvent.Done d) {
      out.println("#" + d.id() + " DONE " + seconds(d.took(), 1) + "s");
    } else if (event instanceof BuildEvent.Failed f) {
      out.println("#" + f.id() + " ERROR: " + f.message());
    } else if (event instanceof BuildEvent.Warning w) {
      out.println("WARNING: " + w.message());
    } else if (event instanceof BuildEvent.Info i) {
      out.println(i.message());
    } else if (event instanceof BuildEvent.Progress p) {
      status(p);
    } else {
      throw new IllegalStateException("unhandled " + event.getClass().getSimpleName());
    }
    out.flush();
  }

  @Override
  public void close() {}

  private void status(BuildEvent.Progress p) {
    Instant now = clock.instant();
    String key = p.id() + " " + p.item();
    Item item = items.computeIfAbsent(key, k -> new Item(now));
    if (!p.completed() && item.printed != null && Duration.between(item.printed, now).compareTo(STATUS_INTERVAL) < 0) {
      return;
    }
    item.printed = now;
    if (p.completed()) {
      items.remove(key);
    }
    Duration took = Duration.between(item.started, now);
    String time = took.toMillis() > 10 ? " " + seconds(took, 1) + "s" : "";
    out.println("#" + p.id() + " " + p.item() + ByteUnits.progress(p.current(), p.total()) + time
        + (p.completed() ? " done" : ""));
  }

  private static String seconds(Duration duration, int decimals) {
    return String.format(Locale.ROOT, "%." + decimals + "f", duration.toNanos() / 1e9);
  }
}
