package dev.stowage.cli.build.progress;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stowage.engine.event.BuildEvent;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Base64;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.function.Consumer;

/**
 * {@code --progress=rawjson}: one JSON object per event and line, in the shape of BuildKit's SolveStatus
 * ({@code buildctl --progress=rawjson}): {@code vertexes} (the whole vertex again on every change), {@code logs}
 * (data in base64), {@code statuses} (transfers), {@code warnings}; Stowage adds {@code infos}. docs/progress.md
 * has the schema. Log data arrives redacted.
 */
final class RawJsonProgress implements ProgressSink {
  /** BuildKit's stream number for stdout; the engine's log events do not tell stdout from stderr. */
  static final int STDOUT = 1;
  /** BuildKit's warning level for a plain warning. */
  static final int WARNING_LEVEL = 1;
  private static final ObjectMapper JSON = new ObjectMapper();

  private final PrintStream out;
  private final InstantSource clock;
  private final Map<Integer, ObjectNode> vertices = new HashMap<>();
  private final Map<Integer, Instant> starts = new HashMap<>();
  private final Map<String, Instant> transferStarts = new HashMap<>();

  RawJsonProgress(PrintStream out, InstantSource clock) {
    this.out = out;
    this.clock = clock;
  }

  @Override
  public synchronized void accept(BuildEvent event) {
    Instant now = clock.instant();
    ObjectNode line = JSON.createObjectNode();
    switch (event) {
      case BuildEvent.Started s -> {
        ObjectNode vertex = JSON.createObjectNode();
        vertex.put("digest", digestOf(s.id()));
        vertex.put("name", s.name());
        vertex.put("started", now.toString());
        vertices.put(s.id(), vertex);
        starts.put(s.id(), now);
        line.putArray("vertexes").add(vertex.deepCopy());
      }
      case BuildEvent.Cached c -> vertexChange(line, c.id(), v -> {
        v.put("completed", now.toString());
        v.put("cached", true);
      });
      case BuildEvent.Done d -> vertexChange(line, d.id(),
          v -> v.put("completed", starts.get(d.id()).plus(d.took()).toString()));
      case BuildEvent.Failed f -> vertexChange(line, f.id(), v -> {
        v.put("completed", starts.get(f.id()).plus(f.took()).toString());
        v.put("error", f.message());
      });
      case BuildEvent.Log l -> {
        ObjectNode log = line.putArray("logs").addObject();
        log.put("vertex", digestOf(l.id()));
        log.put("stream", STDOUT);
        log.put("data", base64(l.text()));
        log.put("timestamp", now.toString());
      }
      case BuildEvent.Progress p -> {
        String key = p.id() + " " + p.item();
        Instant started = p.completed() ? transferStarts.remove(key) : transferStarts.get(key);
        if (started == null) {
          started = now;
          if (!p.completed()) {
            transferStarts.put(key, now);
          }
        }
        ObjectNode status = line.putArray("statuses").addObject();
        status.put("id", p.item());
        status.put("vertex", digestOf(p.id()));
        if (p.total() > 0) {
          status.put("total", p.total());
        }
        status.put("current", p.current());
        status.put("timestamp", now.toString());
        status.put("started", started.toString());
        if (p.completed()) {
          status.put("completed", now.toString());
        }
      }
      case BuildEvent.Warning w -> {
        ObjectNode warning = line.putArray("warnings").addObject();
        warning.put("level", WARNING_LEVEL);
        warning.put("short", base64(w.message()));
      }
      case BuildEvent.Info i -> {
        ObjectNode info = line.putArray("infos").addObject();
        info.put("message", i.message());
        info.put("timestamp", now.toString());
      }
    }
    if (!line.isEmpty()) {
      out.println(write(line));
      out.flush();
    }
  }

  @Override
  public void close() {}

  /** Applies a change to a started vertex and puts the whole vertex in {@code line}, as BuildKit resends it. */
  private void vertexChange(ObjectNode line, int id, Consumer<ObjectNode> change) {
    ObjectNode vertex = vertices.get(id);
    if (vertex == null) {
      return; // never started: no vertex to complete
    }
    change.accept(vertex);
    line.putArray("vertexes").add(vertex.deepCopy());
  }

  /**
   * A vertex's digest: BuildKit's is that of its LLB operation; Stowage has no LLB, so it is the SHA-256 of
   * {@code stowage-vertex-N}, N the vertex number of the plain output ({@code #N}). Unique within one build.
   */
  static String digestOf(int id) {
    try {
      byte[] hash = MessageDigest.getInstance("SHA-256")
          .digest(("stowage-vertex-" + id).getBytes(StandardCharsets.UTF_8));
      return "sha256:" + HexFormat.of().formatHex(hash);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK has no SHA-256", e);
    }
  }

  private static String base64(String text) {
    return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
  }

  private static String write(ObjectNode line) {
    try {
      return JSON.writeValueAsString(line);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException("could not write a progress event as JSON", e);
    }
  }
}
