package dev.stowage.scan.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stowage.scan.Finding;
import dev.stowage.scan.Location;
import dev.stowage.scan.ScanReport;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Renders a scan report as a text table, JSON lines or SARIF. Findings are already redacted (a prefix, the length
 * and a fingerprint); nothing here has a value to add.
 */
public final class Reports {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String INFORMATION_URI = "https://github.com/stowage-dev/stowage";
  private static final int ADDED_BY_SHOWN = 120;

  private Reports() {}

  public static void render(ReportFormat format, ScanReport report, String version, PrintWriter out) {
    switch (format) {
      case TEXT -> text(report, out);
      case JSON -> jsonLines(report, out);
      case SARIF -> sarif(report, version, out);
    }
    out.flush();
  }

  /** One line per finding, and the instruction that added a file's layer under it. */
  static void text(ScanReport report, PrintWriter out) {
    for (Finding f : report.findings()) {
      out.println(f.location().describe() + "  " + f.rule() + "  " + f.evidence().redacted() + "  (" + f.title()
          + "; " + f.evidence().length() + " bytes; fingerprint " + f.evidence().fingerprint() + ")");
      if (f.location() instanceof Location.File file) {
        file.addedBy().ifPresent(a -> out.println("    added by history[" + a.historyIndex() + "]: "
            + abbreviate(a.createdBy())));
      }
    }
  }

  /** One JSON object per line: {@code kind}, the location fields, the rule and the redacted evidence. */
  static void jsonLines(ScanReport report, PrintWriter out) {
    for (Finding f : report.findings()) {
      ObjectNode o = JSON.createObjectNode();
      o.put("kind", "scan");
      Fields.location(o, f.location());
      Fields.evidence(o, f);
      o.put("image", report.image());
      out.println(write(o, false));
    }
  }

  static void sarif(ScanReport report, String version, PrintWriter out) {
    ObjectNode doc = JSON.createObjectNode();
    doc.put("$schema", "https://json.schemastore.org/sarif-2.1.0.json");
    doc.put("version", "2.1.0");
    ObjectNode run = doc.putArray("runs").addObject();
    ObjectNode driver = run.putObject("tool").putObject("driver");
    driver.put("name", "stowage scan");
    driver.put("semanticVersion", version);
    driver.put("informationUri", INFORMATION_URI);
    Map<String, Integer> ruleIndex = new LinkedHashMap<>();
    ArrayNode rules = driver.putArray("rules");
    for (Finding f : report.findings()) {
      if (!ruleIndex.containsKey(f.rule())) {
        ruleIndex.put(f.rule(), ruleIndex.size());
        ObjectNode rule = rules.addObject();
        rule.put("id", f.rule());
        rule.putObject("shortDescription").put("text", f.title());
        rule.putObject("defaultConfiguration").put("level", "error");
        ObjectNode properties = rule.putObject("properties");
        properties.putArray("tags").add("security").add("secret");
        properties.put("security-severity", "8.0");
      }
    }
    ArrayNode results = run.putArray("results");
    for (Finding f : report.findings()) {
      ObjectNode res = results.addObject();
      res.put("ruleId", f.rule());
      res.put("ruleIndex", ruleIndex.get(f.rule()));
      res.put("level", "error");
      res.putObject("message").put("text", f.title() + " in " + f.location().describe() + ": "
          + f.evidence().redacted());
      ObjectNode physical = res.putArray("locations").addObject().putObject("physicalLocation");
      physical.putObject("artifactLocation").put("uri", uri(f.location()));
      if (f.location() instanceof Location.File file && file.line() > 0) {
        physical.putObject("region").put("startLine", file.line());
      }
      ObjectNode props = res.putObject("properties");
      props.put("kind", "scan");
      Fields.location(props, f.location());
      Fields.evidence(props, f);
      res.putObject("partialFingerprints").put("stowageSecret/v1", f.evidence().fingerprint());
    }
    ObjectNode invocation = run.putArray("invocations").addObject();
    invocation.put("executionSuccessful", true);
    ArrayNode notes = invocation.putArray("toolExecutionNotifications");
    for (String warning : report.warnings()) {
      ObjectNode note = notes.addObject();
      note.put("level", "warning");
      note.putObject("message").put("text", warning);
    }
    run.putObject("properties").put("image", report.image()).put("imageId", report.imageId());
    out.println(write(doc, true));
  }

  /** The artifact URI of a location: an in-image path for files, {@code history/5}, {@code env/KEY}, ... */
  static String uri(Location location) {
    return switch (location) {
      case Location.History h -> "history/" + h.index();
      case Location.Env e -> "env/" + e.key();
      case Location.Label l -> "label/" + l.key();
      case Location.Config c -> "config/" + c.field();
      case Location.File f -> f.path();
    };
  }

  private static String abbreviate(String s) {
    String oneLine = s.replace('\n', ' ');
    return oneLine.length() <= ADDED_BY_SHOWN ? oneLine : oneLine.substring(0, ADDED_BY_SHOWN - 3) + "...";
  }

  private static String write(Object node, boolean pretty) {
    try {
      return pretty ? JSON.copy().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(node)
          : JSON.writeValueAsString(node);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }
}
