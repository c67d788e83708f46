package dev.stowage.cli.build.progress;

import dev.stowage.engine.event.BuildEvent;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the live view knows of a build so far (BuildKit's "trace"): the vertices in the order they started, with
 * their state, transfers and recent log lines; the information lines between them; the warnings. Not
 * thread-safe: its owner serialises access.
 */
final class BuildTrace {
  /** Log lines kept per running or failed vertex, for the view's tail and the log printed after a failure. */
  static final int LOG_LINES_KEPT = 200;

  private final Instant began;
  private final List<Row> rows = new ArrayList<>();
  private final Map<Integer, Vertex> vertices = new HashMap<>();
  private final List<String> warnings = new ArrayList<>();
  private boolean anyEvent;

  BuildTrace(Instant began) {
    this.began = began;
  }

  /** A line of the view: a vertex, or a line of information between vertices. */
  sealed interface Row permits Vertex, InfoRow {}

  record InfoRow(String message) implements Row {}

  record LogLine(Duration sinceStart, String text) {}

  /** One vertex (a build step, a FROM): mutable, updated by events. */
  static final class Vertex implements Row {
    final int id;
    final String name;
    final Instant started;
    private Duration took; // null while running
    private boolean cached;
    private String error;
    private final ArrayDeque<LogLine> logs = new ArrayDeque<>();
    private int droppedLogs;
    private final Map<String, Transfer> transfers = new LinkedHashMap<>();

    Vertex(int id, String name, Instant started) {
      this.id = id;
      this.name = name;
      this.started = started;
    }

    boolean completed() {
      return took != null;
    }

    boolean cached() {
      return cached;
    }

    Optional<String> error() {
      return Optional.ofNullable(error);
    }

    /** The time taken, or so far while running. */
    Duration elapsed(Instant now) {
      return took != null ? took : Duration.between(started, now);
    }

    List<LogLine> logs() {
      return List.copyOf(logs);
    }

    /** Log lines no longer kept (only the last {@link #LOG_LINES_KEPT} are). */
    int droppedLogs() {
      return droppedLogs;
    }

    List<Transfer> transfers() {
      return List.copyOf(transfers.values());
    }

    private void log(Duration since, String text) {
      String body = text.endsWith("\n") ? text.substring(0, text.length() - 1) : text;
      for (String line : body.split("\n", -1)) {
        if (logs.size() == LOG_LINES_KEPT) {
          logs.removeFirst();
          droppedLogs++;
        }
        logs.addLast(new LogLine(since, line));
      }
    }

    private void finish(Duration took) {
      this.took = took;
      if (error == null) { // a finished step's output is not shown again; only a failed step's is
        logs.clear();
        droppedLogs = 0;
      }
    }
  }

  /** One item of a vertex's progress (a blob, a layer): bytes so far, of a total (0: unknown). */
  record Transfer(String item, long current, long total, Instant started, Optional<Instant> completed) {
    Duration elapsed(Instant now) {
      return Duration.between(started, completed.orElse(now));
    }
  }

  void apply(BuildEvent event, Instant now) {
    anyEvent = true;
    switch (event) {
      case BuildEvent.Started s -> {
        Vertex vertex = new Vertex(s.id(), s.name(), now);
        vertices.put(s.id(), vertex);
        rows.add(vertex);
      }
      case BuildEvent.Log l -> vertex(l.id()).ifPresent(v -> v.log(l.sinceStart(), l.text()));
      case BuildEvent.Cached c -> vertex(c.id()).ifPresent(v -> {
        v.cached = true;
        v.finish(Duration.between(v.started, now));
      });
      case BuildEvent.Done d -> vertex(d.id()).ifPresent(v -> v.finish(d.took()));
      case BuildEvent.Failed f -> vertex(f.id()).ifPresent(v -> {
        v.error = f.message();
        v.finish(f.took());
      });
      case BuildEvent.Warning w -> warnings.add(w.message());
      case BuildEvent.Info i -> rows.add(new InfoRow(i.message()));
      case BuildEvent.Progress p -> vertex(p.id()).ifPresent(v -> {
        Transfer before = v.transfers.get(p.item());
        Instant started = before == null ? now : before.started();
        v.transfers.put(p.item(), new Transfer(p.item(), p.current(), p.total(), started,
            p.completed() ? Optional.of(now) : Optional.empty()));
      });
    }
  }

  Instant began() {
    return began;
  }

  boolean anyEvent() {
    return anyEvent;
  }

  List<Row> rows() {
    return Collections.unmodifiableList(rows);
  }

  List<String> warnings() {
    return Collections.unmodifiableList(warnings);
  }

  int vertexCount() {
    return vertices.size();
  }

  int completedCount() {
    return (int) vertices.values().stream().filter(Vertex::completed).count();
  }

  private Optional<Vertex> vertex(int id) {
    return Optional.ofNullable(vertices.get(id)); // an event for a vertex never started: nothing to show it on
  }
}
