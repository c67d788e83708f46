package dev.stowage.cli.build.progress;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.stowage.engine.event.BuildEvent;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

class RawJsonProgressTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final Captured out = new Captured();
  private final FakeClock clock = new FakeClock();

  @Test
  void everyEventIsOneJsonLineInBuildkitsSolveStatusShape() throws IOException {
    RawJsonProgress json = new RawJsonProgress(out.stream, clock);
    for (BuildEvent event : Events.SUCCESSFUL) {
      json.accept(event);
      clock.advanceMillis(100);
    }
    List<JsonNode> lines = lines();
    assertThat(lines).hasSize(Events.SUCCESSFUL.size());

    JsonNode warning = lines.get(0).get("warnings").get(0);
    assertThat(warning.get("level").asInt()).isEqualTo(1);
    assertThat(decode(warning.get("short"))).isEqualTo("the build arg UNUSED is not consumed by any stage");

    JsonNode from = lines.get(1).get("vertexes").get(0);
    assertThat(from.get("digest").asText()).matches("sha256:[0-9a-f]{64}");
    assertThat(from.get("name").asText()).isEqualTo("[stage-0] FROM base:1");
    assertThat(from.get("started").asText()).isEqualTo("2025-03-01T12:00:00.100Z");
    assertThat(from.has("completed")).isFalse();

    JsonNode fromDone = lines.get(2).get("vertexes").get(0);
    assertThat(fromDone.get("digest")).isEqualTo(from.get("digest"));
    assertThat(fromDone.get("name")).isEqualTo(from.get("name"));
    assertThat(fromDone.get("completed").asText()).isEqualTo("2025-03-01T12:00:00.120Z"); // started + took

    JsonNode cached = lines.get(4).get("vertexes").get(0);
    assertThat(cached.get("cached").asBoolean()).isTrue();
    assertThat(cached.get("completed").asText()).isEqualTo("2025-03-01T12:00:00.400Z");
    assertThat(cached.get("digest")).isNotEqualTo(from.get("digest"));

    JsonNode run = lines.get(5).get("vertexes").get(0);
    JsonNode log = lines.get(6).get("logs").get(0);
    assertThat(log.get("vertex")).isEqualTo(run.get("digest"));
    assertThat(log.get("stream").asInt()).isEqualTo(1);
    assertThat(decode(log.get("data"))).isEqualTo("compiling ****\n");
    assertThat(log.get("timestamp").asText()).isEqualTo("2025-03-01T12:00:00.600Z");
    assertThat(decode(lines.get(7).get("logs").get(0).get("data"))).isEqualTo("linking\nok");

    assertThat(lines.get(8).get("vertexes").get(0).get("completed").asText()).isEqualTo("2025-03-01T12:00:02.850Z");
    assertThat(lines.get(9).get("infos").get(0).get("message").asText()).isEqualTo("writing image sha256:0123 done");
  }

  @Test
  void aFailureCarriesTheErrorAndTransfersAreStatuses() throws IOException {
    RawJsonProgress json = new RawJsonProgress(out.stream, clock);
    json.accept(new BuildEvent.Started(1, "[stage-0] FROM registry.example/app:1"));
    json.accept(new BuildEvent.Progress(1, "sha256:aaaa", 0, 3_400_000, false));
    clock.advanceMillis(500);
    json.accept(new BuildEvent.Progress(1, "sha256:aaaa", 3_400_000, 3_400_000, true));
    json.accept(new BuildEvent.Progress(1, "extracting", 512, 0, true));
    json.accept(new BuildEvent.Failed(1, Duration.ofSeconds(1), "pulling registry.example/app:1: 401"));
    json.accept(new BuildEvent.Done(99, Duration.ZERO)); // never started: nothing to report

    List<JsonNode> lines = lines();
    assertThat(lines).hasSize(5);
    String vertex = lines.get(0).get("vertexes").get(0).get("digest").asText();
    JsonNode first = lines.get(1).get("statuses").get(0);
    assertThat(first.get("id").asText()).isEqualTo("sha256:aaaa");
    assertThat(first.get("vertex").asText()).isEqualTo(vertex);
    assertThat(first.get("current").asLong()).isZero();
    assertThat(first.get("total").asLong()).isEqualTo(3_400_000);
    assertThat(first.has("completed")).isFalse();
    JsonNode done = lines.get(2).get("statuses").get(0);
    assertThat(done.get("started")).isEqualTo(first.get("started"));
    assertThat(done.get("completed").asText()).isEqualTo("2025-03-01T12:00:00.500Z");
    assertThat(lines.get(3).get("statuses").get(0).has("total")).as("unknown total is left out").isFalse();
    JsonNode failed = lines.get(4).get("vertexes").get(0);
    assertThat(failed.get("error").asText()).isEqualTo("pulling registry.example/app:1: 401");
    assertThat(failed.get("completed").asText()).isEqualTo("2025-03-01T12:00:01Z");
  }

  private List<JsonNode> lines() throws IOException {
    List<JsonNode> nodes = new ArrayList<>();
    for (String line : out.text().split("\n")) {
      JsonNode node = JSON.readTree(line);
      assertThat(node.isObject()).as(line).isTrue();
      nodes.add(node);
    }
    return nodes;
  }

  private static String decode(JsonNode base64) {
    return new String(Base64.getDecoder().decode(base64.asText()), StandardCharsets.UTF_8);
  }
}
