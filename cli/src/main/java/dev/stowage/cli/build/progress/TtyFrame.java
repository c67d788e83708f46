package dev.stowage.cli.build.progress;

import dev.stowage.cli.build.progress.BuildTrace.InfoRow;
import dev.stowage.cli.build.progress.BuildTrace.LogLine;
import dev.stowage.cli.build.progress.BuildTrace.Row;
import dev.stowage.cli.build.progress.BuildTrace.Transfer;
import dev.stowage.cli.build.progress.BuildTrace.Vertex;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The lines of the live view, BuildKit's layout: a header {@code [+] Building 12.3s (5/9)}, then a line per
 * vertex ({@code  => CACHED [2/3] COPY . /app   0.0s}) with its transfers ({@code  => => sha256:… 1.20MB / 3.40MB})
 * and, while it runs and the screen has room, its last log lines ({@code  => => # …}). A live frame fits the
 * screen (finished vertices scroll off first); the final frame shows everything. Pure: no I/O, no clock.
 */
final class TtyFrame {
  /** Log lines shown under a running vertex (BuildKit's terminal height). */
  static final int LOG_TAIL = 6;
  static final String BLUE = "\u001b[34m";
  static final String RED = "\u001b[31m";
  static final String FAINT = "\u001b[2m";
  static final String RESET = "\u001b[0m";

  private TtyFrame() {}

  /** A vertex or info row as lines: the row and its transfers, then its log tail if shown. */
  private record Job(boolean completed, List<String> lines, List<String> tail) {
    int size(boolean withTail) {
      return lines.size() + (withTail ? tail.size() : 0);
    }
  }

  static List<String> render(BuildTrace trace, Instant now, Terminal terminal, boolean last) {
    int width = terminal.width() - 1; // never the last column: some terminals wrap as soon as it is written
    List<Job> jobs = new ArrayList<>();
    for (Row row : trace.rows()) {
      jobs.add(switch (row) {
        case Vertex v -> vertexJob(v, now, width, terminal.color());
        case InfoRow info -> new Job(true, List.of(paint(fit(" => " + LogText.displayLine(info.message()), "",
            width), BLUE, terminal.color())), List.of());
      });
    }
    boolean[] showTail = new boolean[jobs.size()];
    if (!last) {
      fitScreen(jobs, showTail, terminal.height() - 2);
    }
    List<String> lines = new ArrayList<>();
    lines.add(fit(header(trace, now, last), "", width));
    for (int i = 0; i < jobs.size(); i++) {
      Job job = jobs.get(i);
      if (job == null) {
        continue;
      }
      lines.addAll(job.lines());
      if (showTail[i]) {
        lines.addAll(job.tail());
      }
    }
    if (!last && lines.size() > terminal.height() - 1) { // only running steps, more than the screen holds
      lines = new ArrayList<>(lines.subList(lines.size() - (terminal.height() - 1), lines.size()));
    }
    return lines;
  }

  /** What follows the final frame, as BuildKit prints it: each failed step's log, then the warnings. */
  static List<String> epilogue(BuildTrace trace) {
    List<String> lines = new ArrayList<>();
    for (Row row : trace.rows()) {
      if (row instanceof Vertex v && v.error().isPresent()) {
        lines.add("------");
        lines.add(" > " + LogText.displayLine(v.name) + ":");
        if (v.droppedLogs() > 0) {
          lines.add("[" + v.droppedLogs() + " earlier lines not kept; --progress=plain prints them all]");
        }
        for (LogLine log : v.logs()) {
          lines.add(logSeconds(log.sinceStart()) + " " + LogText.displayLine(log.text()));
        }
        lines.add("------");
      }
    }
    List<String> warnings = trace.warnings();
    if (!warnings.isEmpty()) {
      lines.add("");
      lines.add(" " + warnings.size() + (warnings.size() == 1 ? " warning found:" : " warnings found:"));
      warnings.forEach(w -> lines.add(" - " + LogText.displayLine(w)));
    }
    return lines;
  }

  private static String header(BuildTrace trace, Instant now, boolean last) {
    int total = trace.vertexCount();
    int completed = trace.completedCount();
    String header = String.format(Locale.ROOT, "[+] Building %.1fs (%d/%d)",
        Duration.between(trace.began(), now).toNanos() / 1e9, completed, total);
    return last && total > 0 && completed == total ? header + " FINISHED" : header;
  }

  private static Job vertexJob(Vertex v, Instant now, int width, boolean color) {
    String label = (v.cached() ? "CACHED " : "") + (v.error().isPresent() ? "ERROR " : "")
        + LogText.displayLine(v.name);
    String line = fit(" => " + label, timer(v.elapsed(now)), width);
    List<String> lines = new ArrayList<>();
    lines.add(v.error().isPresent() ? paint(line, RED, color) : v.completed() ? paint(line, BLUE, color) : line);
    for (Transfer t : v.transfers()) {
      String transfer = fit(" => => " + LogText.displayLine(t.item()) + ByteUnits.progress(t.current(), t.total()),
          timer(t.elapsed(now)), width);
      lines.add(t.completed().isPresent() ? paint(transfer, BLUE, color) : transfer);
    }
    List<String> tail = new ArrayList<>();
    if (!v.completed()) {
      List<LogLine> logs = v.logs();
      for (LogLine log : logs.subList(Math.max(0, logs.size() - LOG_TAIL), logs.size())) {
        tail.add(paint(LogText.truncate(" => => # " + LogText.displayLine(log.text()), width), FAINT, color));
      }
    }
    return new Job(v.completed(), lines, tail);
  }

  /**
   * Makes a live frame fit {@code room} lines: log tails go to running vertices while there is room for them
   * (each needs its tail plus a margin, as in BuildKit), then finished rows scroll off the top, oldest first.
   */
  private static void fitScreen(List<Job> jobs, boolean[] showTail, int room) {
    int free = room;
    for (Job job : jobs) {
      free -= job.completed() ? 0 : job.size(false);
    }
    for (int i = 0; i < jobs.size(); i++) {
      Job job = jobs.get(i);
      if (!job.completed() && !job.tail().isEmpty() && free > LOG_TAIL + 3) {
        showTail[i] = true;
        free -= LOG_TAIL + 3;
      }
    }
    int used = 0;
    for (int i = 0; i < jobs.size(); i++) {
      used += jobs.get(i).size(showTail[i]);
    }
    for (int i = 0; i < jobs.size() && used > room; i++) {
      if (jobs.get(i).completed()) {
        used -= jobs.get(i).size(showTail[i]);
        jobs.set(i, null);
      }
    }
  }

  /** {@code left}, cut to fit, then {@code right} flush with the edge of {@code width} columns. */
  static String fit(String left, String right, int width) {
    if (right.isEmpty()) {
      return LogText.truncate(left, width);
    }
    int room = width - LogText.width(right) - 1;
    String cut = LogText.truncate(left, room);
    return cut + " ".repeat(Math.max(1, room - LogText.width(cut) + 1)) + right;
  }

  /** BuildKit's timer: one decimal, and under 0.05 s shows as 0.0s. */
  private static String timer(Duration elapsed) {
    double seconds = elapsed.toNanos() / 1e9;
    return String.format(Locale.ROOT, "%.1fs", seconds < 0.05 ? 0.0 : seconds);
  }

  /** The log-line time of BuildKit: three decimals under 10 s, two under 100 s, then one. */
  private static String logSeconds(Duration since) {
    double seconds = since.toNanos() / 1e9;
    int precision = seconds < 10 ? 3 : seconds < 100 ? 2 : 1;
    return String.format(Locale.ROOT, "%." + precision + "f", seconds);
  }

  private static String paint(String line, String colour, boolean color) {
    return color ? colour + line + RESET : line;
  }
}
