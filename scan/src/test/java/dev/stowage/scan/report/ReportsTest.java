package dev.stowage.scan.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.stowage.scan.Detection;
import dev.stowage.scan.Evidence;
import dev.stowage.scan.Finding;
import dev.stowage.scan.Location;
import dev.stowage.scan.ScanReport;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReportsTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;

  static ScanReport report() {
    Evidence npm = new Evidence("npm_", 40, "0123456789abcdef");
    return new ScanReport("docker-archive:app.tar", "sha256:" + "a".repeat(64), List.of(
        new Finding(new Location.History(5), "npm-token", "npm access token", Detection.PATTERN, npm),
        new Finding(new Location.Env("GITLAB_TOKEN"), "gitlab-token", "GitLab token", Detection.PATTERN,
            new Evidence("glpat-", 26, "fedcba9876543210")),
        new Finding(new Location.File(2, "sha256:" + "b".repeat(64), "app/.npmrc", 1,
            Optional.of(new Location.AddedBy(5, "RUN |1 NPM_TOKEN=**** /bin/sh -c echo ...")), true),
            "npm-token", "npm access token", Detection.PATTERN, npm)),
        List.of("a warning"), new ScanReport.Stats(3, 10, 1000, 5000));
  }

  private static String render(ReportFormat format, ScanReport report) {
    StringWriter out = new StringWriter();
    Reports.render(format, report, "1.0", new PrintWriter(out));
    return out.toString();
  }

  @Test
  void jsonLinesCarryTheLocationFieldsOfTheLeakCorpusFormat() throws Exception {
    List<JsonNode> lines = new ArrayList<>();
    for (String line : render(ReportFormat.JSON, report()).split("\n")) {
      lines.add(JSON.readTree(line));
    }
    assertThat(lines).hasSize(3).allSatisfy(l -> assertThat(l.get("kind").asText()).isEqualTo("scan"));
    assertThat(lines.get(0).get("where").asText()).isEqualTo("history");
    assertThat(lines.get(0).get("index").asInt()).isEqualTo(5);
    assertThat(lines.get(0).get("match").asText()).isEqualTo("npm_****");
    assertThat(lines.get(1).get("key").asText()).isEqualTo("GITLAB_TOKEN");
    JsonNode file = lines.get(2);
    assertThat(file.get("where").asText()).isEqualTo("file");
    assertThat(file.get("path").asText()).isEqualTo("app/.npmrc");
    assertThat(file.get("deleted").asBoolean()).isTrue();
    assertThat(file.get("line").asInt()).isEqualTo(1);
    assertThat(file.get("layer").asText()).startsWith("sha256:b");
    assertThat(file.get("added_by").asText()).contains("NPM_TOKEN=****");
    assertThat(file.get("fingerprint").asText()).isEqualTo("0123456789abcdef");
    assertThat(file.get("length").asInt()).isEqualTo(40);
  }

  @Test
  void sarifHasOneResultPerFindingWithLocationUrisAndProperties() throws Exception {
    JsonNode doc = JSON.readTree(render(ReportFormat.SARIF, report()));
    assertThat(doc.get("version").asText()).isEqualTo("2.1.0");
    JsonNode run = doc.get("runs").get(0);
    assertThat(run.get("tool").get("driver").get("rules")).hasSize(2);
    JsonNode results = run.get("results");
    assertThat(results).hasSize(3);
    assertThat(results.get(0).at("/locations/0/physicalLocation/artifactLocation/uri").asText()).isEqualTo("history/5");
    assertThat(results.get(1).at("/locations/0/physicalLocation/artifactLocation/uri").asText())
        .isEqualTo("env/GITLAB_TOKEN");
    assertThat(results.get(2).at("/locations/0/physicalLocation/artifactLocation/uri").asText()).isEqualTo("app/.npmrc");
    assertThat(results.get(2).at("/locations/0/physicalLocation/region/startLine").asInt()).isEqualTo(1);
    assertThat(results.get(2).at("/properties/where").asText()).isEqualTo("file");
    assertThat(results.get(2).at("/partialFingerprints/stowageSecret~1v1").asText()).isEqualTo("0123456789abcdef");
    assertThat(run.at("/invocations/0/toolExecutionNotifications/0/message/text").asText()).isEqualTo("a warning");
  }

  @Test
  void theTextTableNamesLocationRuleAndEvidence() {
    String text = render(ReportFormat.TEXT, report());
    assertThat(text).contains("history[5]  npm-token  npm_****", "env GITLAB_TOKEN  gitlab-token  glpat-****",
        "/app/.npmrc:1 (layer 2, deleted later)  npm-token", "added by history[5]: RUN |1 NPM_TOKEN=****");
  }

  @Test
  void aBaselineAcceptsKnownFindingsByLocationRuleAndFingerprint() throws Exception {
    Path file = dir.resolve("baseline.jsonl");
    String previous = render(ReportFormat.JSON, report());
    // the env finding is accepted whatever its fingerprint; the history one only with the same fingerprint
    String lines = previous.lines().filter(l -> !l.contains("\"where\":\"file\""))
        .map(l -> l.contains("GITLAB_TOKEN") ? l.replace("\"fingerprint\":\"fedcba9876543210\",", "") : l)
        .reduce("", (a, b) -> a + b + "\n");
    Files.writeString(file, lines + "not json, ignored\n");
    Baseline baseline = Baseline.load(file);

    ScanReport filtered = baseline.apply(report());

    assertThat(filtered.findings()).singleElement()
        .satisfies(f -> assertThat(f.location()).isInstanceOf(Location.File.class));
    assertThat(filtered.warnings()).contains("2 findings are accepted by the baseline");
    ScanReport changed = report().withFindings(List.of(new Finding(new Location.History(5), "npm-token", "t",
        Detection.PATTERN, new Evidence("npm_", 40, "1111111111111111"))));
    assertThat(baseline.apply(changed).findings()).hasSize(1);
  }
}
