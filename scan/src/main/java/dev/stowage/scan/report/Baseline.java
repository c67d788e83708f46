package dev.stowage.scan.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.stowage.scan.Finding;
import dev.stowage.scan.ScanException;
import dev.stowage.scan.ScanReport;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Findings a team has reviewed and accepted: a previous {@code --format json} report (one object per line, or a
 * JSON array). A finding is accepted when an entry has its location (where, and the index, key, field or path), its
 * rule and, if the entry has one, its fingerprint; fingerprints compare only under the same fingerprint key.
 */
public final class Baseline {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final Set<String> exact;
  private final Set<String> anyFingerprint;

  private Baseline(Set<String> exact, Set<String> anyFingerprint) {
    this.exact = exact;
    this.anyFingerprint = anyFingerprint;
  }

  public static Baseline empty() {
    return new Baseline(Set.of(), Set.of());
  }

  /** @throws ScanException when the file cannot be read or holds no findings in the JSON report format */
  public static Baseline load(Path file) {
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      throw new ScanException("no baseline file " + file);
    } catch (IOException e) {
      throw new ScanException("cannot read the baseline " + file + ": " + e.getMessage(), e);
    }
    List<JsonNode> entries = new ArrayList<>();
    String trimmed = text.strip();
    try {
      if (trimmed.startsWith("[")) {
        JSON.readTree(trimmed).forEach(entries::add);
      } else {
        int lineNumber = 0;
        for (String line : text.split("\n")) {
          lineNumber++;
          String l = line.strip();
          if (l.isEmpty() || !l.startsWith("{")) {
            continue;
          }
          try {
            entries.add(JSON.readTree(l));
          } catch (IOException e) {
            throw new ScanException("the baseline " + file + " line " + lineNumber + " is not JSON: "
                + firstLine(e.getMessage()));
          }
        }
      }
    } catch (IOException e) {
      throw new ScanException("the baseline " + file + " is not JSON: " + firstLine(e.getMessage()));
    }
    Set<String> exact = new HashSet<>();
    Set<String> any = new HashSet<>();
    for (JsonNode e : entries) {
      String place = place(e);
      String rule = e.path("rule").asText("");
      if (place == null || rule.isEmpty()) {
        continue;
      }
      String fingerprint = e.path("fingerprint").asText("");
      if (fingerprint.isEmpty()) {
        any.add(place + "|" + rule);
      } else {
        exact.add(place + "|" + rule + "|" + fingerprint);
      }
    }
    return new Baseline(Set.copyOf(exact), Set.copyOf(any));
  }

  public boolean accepts(Finding f) {
    String key = Fields.place(f.location()) + "|" + f.rule();
    return anyFingerprint.contains(key) || exact.contains(key + "|" + f.evidence().fingerprint());
  }

  /** The report without the accepted findings, with a warning saying how many were accepted. */
  public ScanReport apply(ScanReport report) {
    List<Finding> kept = report.findings().stream().filter(f -> !accepts(f)).toList();
    int accepted = report.findings().size() - kept.size();
    if (accepted == 0) {
      return report;
    }
    List<String> warnings = new ArrayList<>(report.warnings());
    warnings.add(accepted + " finding" + (accepted == 1 ? " is" : "s are") + " accepted by the baseline");
    return new ScanReport(report.image(), report.imageId(), kept, warnings, report.stats());
  }

  public int size() {
    return exact.size() + anyFingerprint.size();
  }

  private static String place(JsonNode e) {
    String where = e.path("where").asText("");
    return switch (where) {
      case "history" -> e.has("index") ? "history|" + e.get("index").asInt() : null;
      case "env", "label" -> e.has("key") ? where + "|" + e.get("key").asText() : null;
      case "config" -> e.has("field") ? "config|" + e.get("field").asText() : null;
      case "file" -> e.has("path") ? "file|" + e.get("path").asText() : null;
      default -> null;
    };
  }

  private static String firstLine(String s) {
    if (s == null) {
      return "";
    }
    int newline = s.indexOf('\n');
    return newline < 0 ? s : s.substring(0, newline);
  }
}
