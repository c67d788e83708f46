package dev.stowage.cli.build;

import dev.stowage.engine.event.BuildEvent;
import dev.stowage.engine.event.EventSink;
import java.io.PrintStream;
import java.time.Duration;
import java.util.Locale;

/**
 * BuildKit's plain progress format ({@code --progress=plain}): {@code #N name}, {@code #N 0.123 output},
 * {@code #N DONE 0.4s}. Log text arrives already redacted.
 */
public final class PlainProgress implements EventSink {
  private final PrintStream out;
  private final boolean quiet;

  public PlainProgress(PrintStream out, boolean quiet) {
    this.out = out;
    this.quiet = quiet;
  }

  @Override
  public synchronized void accept(BuildEvent event) {
    if (quiet && !(event instanceof BuildEvent.Warning)) {
      return;
    }
    switch (event) {
      case BuildEvent.Started s -> out.println("#" + s.id() + " " + s.name());
      case BuildEvent.Log l -> {
        String text = l.text().endsWith("\n") ? l.text().substring(0, l.text().length() - 1) : l.text();
        for (String line : text.split("\n", -1)) {
          out.println("#" + l.id() + " " + seconds(l.sinceStart(), 3) + " " + line);
        }
      }
      case BuildEvent.Cached c -> out.println("#" + c.id() + " CACHED");
      case BuildEvent.Done d -> out.println("#" + d.id() + " DONE " + seconds(d.took(), 1) + "s");
      case BuildEvent.Failed f -> out.println("#" + f.id() + " ERROR: " + f.message());
      case BuildEvent.Warning w -> out.println("WARNING: " + w.message());
      case BuildEvent.Info i -> out.println(i.message());
    }
    out.flush();
  }

  private static String seconds(Duration duration, int decimals) {
    return String.format(Locale.ROOT, "%." + decimals + "f", duration.toNanos() / 1e9);
  }
}
