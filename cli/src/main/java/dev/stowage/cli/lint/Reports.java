package dev.stowage.cli.lint;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stowage.dockerfile.lint.Finding;
import dev.stowage.dockerfile.lint.LintResult;
import dev.stowage.dockerfile.lint.Rule;
import dev.stowage.dockerfile.lint.Rules;
import dev.stowage.dockerfile.lint.Severity;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.util.List;

/** Renders lint results as text, JSON lines or SARIF. Findings are already redacted; nothing here adds values. */
final class Reports {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String INFORMATION_URI = "https://github.com/stowage-dev/stowage";

  private Reports() {}

  static void render(ReportFormat format, LintResult result, String version, PrintWriter out) {
    switch (format) {
      case TEXT -> text(result, out);
      case JSON -> jsonLines(result, out);
      case SARIF -> sarif(result, version, out);
    }
    out.flush();
  }

  static void text(LintResult result, PrintWriter out) {
    for (Finding f : result.findings()) {
      String buildkit = f.rule().buildkitName();
      String alias = buildkit.isEmpty() || buildkit.equals(f.rule().id()) ? "" : " [" + buildkit + "]";
      out.println(f.file() + ":" + f.line() + ":" + f.column() + ": " + f.rule().id() + alias + ": " + f.message());
      f.fixHint().ifPresent(h -> out.println("  hint: " + h));
    }
  }

  static void jsonLines(LintResult result, PrintWriter out) {
    for (Finding f : result.findings()) {
      ObjectNode o = JSON.createObjectNode();
      o.put("kind", "lint");
      o.put("file", f.file());
      o.put("line", f.line());
      o.put("column", f.column());
      o.put("rule", f.rule().id());
      o.put("severity", f.severity().label());
      o.put("match", f.match());
      o.put("message", f.message());
      f.fixHint().ifPresent(h -> o.put("hint", h));
      if (!f.rule().buildkitName().isEmpty()) {
        o.put("buildkit", f.rule().buildkitName());
      }
      out.println(write(o, false));
    }
  }

  static void sarif(LintResult result, String version, PrintWriter out) {
    ObjectNode doc = JSON.createObjectNode();
    doc.put("$schema", "https://json.schemastore.org/sarif-2.1.0.json");
    doc.put("version", "2.1.0");
    ObjectNode run = doc.putArray("runs").addObject();
    ObjectNode driver = run.putObject("tool").putObject("driver");
    driver.put("name", "stowage");
    driver.put("semanticVersion", version);
    driver.put("informationUri", INFORMATION_URI);
    ArrayNode rules = driver.putArray("rules");
    List<Rule> all = Rules.all();
    for (Rule r : all) {
      ObjectNode rule = rules.addObject();
      rule.put("id", r.id());
      rule.put("name", r.buildkitName().isEmpty() ? r.id() : r.buildkitName());
      rule.putObject("shortDescription").put("text", r.title());
      rule.putObject("fullDescription").put("text", r.description());
      if (r.docsUrl().startsWith("https://")) {
        rule.put("helpUri", r.docsUrl());
      }
      rule.putObject("defaultConfiguration").put("level", level(r.severity()));
      ObjectNode properties = rule.putObject("properties");
      ArrayNode tags = properties.putArray("tags");
      tags.add(r.category().name().toLowerCase(java.util.Locale.ROOT).replace('_', '-'));
      if (r.category() == dev.stowage.dockerfile.lint.Category.SECRETS) {
        tags.add("security");
        properties.put("security-severity", "8.0");
      }
    }
    ArrayNode results = run.putArray("results");
    for (Finding f : result.findings()) {
      ObjectNode res = results.addObject();
      res.put("ruleId", f.rule().id());
      res.put("ruleIndex", all.indexOf(f.rule()));
      res.put("level", level(f.severity()));
      res.putObject("message").put("text", f.message());
      ObjectNode physical = res.putArray("locations").addObject().putObject("physicalLocation");
      physical.putObject("artifactLocation").put("uri", f.file().replace('\\', '/'));
      ObjectNode region = physical.putObject("region");
      region.put("startLine", f.line());
      region.put("startColumn", f.column());
      region.put("endLine", f.range().endLine());
      region.put("endColumn", f.range().end().column());
      ObjectNode props = res.putObject("properties");
      props.put("kind", "lint");
      props.put("match", f.match());
      f.fixHint().ifPresent(h -> props.put("hint", h));
      res.putObject("partialFingerprints").put("stowageFinding/v1",
          Integer.toHexString((f.rule().id() + "|" + f.file() + "|" + f.match()).hashCode()));
    }
    out.println(write(doc, true));
  }

  private static String level(Severity s) {
    return switch (s) {
      case ERROR -> "error";
      case WARNING -> "warning";
      case INFO -> "note";
    };
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
