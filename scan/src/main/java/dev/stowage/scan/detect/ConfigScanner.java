package dev.stowage.scan.detect;

import dev.stowage.detect.Confidence;
import dev.stowage.detect.CredentialMatch;
import dev.stowage.detect.CredentialPatterns;
import dev.stowage.oci.ContainerConfig;
import dev.stowage.oci.HistoryEntry;
import dev.stowage.oci.ImageConfig;
import dev.stowage.scan.Detection;
import dev.stowage.scan.Evidence;
import dev.stowage.scan.Finding;
import dev.stowage.scan.Location;
import dev.stowage.secrets.SecretValue;
import dev.stowage.secrets.redact.SecretEncoding;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Searches an image config: each Env entry, each label, each history {@code created_by} (with the build arguments
 * BuildKit records there) and the command fields. At each place: the known values first, then the credential
 * formats of {@code detect}, then secret-named keys with a real value, as the lint rules judge ARG, ENV and LABEL.
 * One finding per secret and place.
 */
public final class ConfigScanner {
  private final KnownValues known;
  private final Fingerprinter fingerprints;

  public ConfigScanner(KnownValues known, Fingerprinter fingerprints) {
    this.known = known;
    this.fingerprints = fingerprints;
  }

  /**
   * What the config holds: the findings, and the secrets they found (a token in Env, a password in a build
   * argument), which a build may also have written into a layer in another encoding. The caller closes the
   * values.
   */
  public record Result(List<Finding> findings, List<KnownValues.Named> discovered) {}

  public Result scan(ImageConfig config) {
    List<Finding> findings = new ArrayList<>();
    Map<String, String> discovered = new LinkedHashMap<>(); // secret -> where it was found
    ContainerConfig c = config.config();
    for (String entry : c.env()) {
      int eq = entry.indexOf('=');
      String key = eq < 0 ? entry : entry.substring(0, eq);
      String value = eq < 0 ? "" : entry.substring(eq + 1);
      Place place = new Place(new Location.Env(key), discovered);
      place.knownValues(entry);
      place.patterns(key + "=" + value, Confidence.CONTEXTUAL, key.length() + 1);
      place.byName("secret-env", "secret-named environment variable with a value", key, value);
      findings.addAll(place.findings());
    }
    for (Map.Entry<String, String> label : c.labels().entrySet()) {
      Place place = new Place(new Location.Label(label.getKey()), discovered);
      place.knownValues(label.getKey() + "=" + label.getValue());
      place.patterns(label.getKey() + "=" + label.getValue(), Confidence.GENERIC, label.getKey().length() + 1);
      place.byName("secret-label", "secret-named label with a value", label.getKey(), label.getValue());
      findings.addAll(place.findings());
    }
    List<HistoryEntry> history = config.history();
    for (int i = 0; i < history.size(); i++) {
      String createdBy = history.get(i).createdBy();
      Place place = new Place(new Location.History(i), discovered);
      place.knownValues(createdBy);
      place.knownValues(history.get(i).comment());
      for (HistoryText.Pair pair : HistoryText.pairs(createdBy)) {
        place.patterns(pair.key() + "=" + pair.value(), Confidence.CONTEXTUAL, pair.key().length() + 1);
      }
      place.patterns(createdBy, Confidence.GENERIC, 0);
      for (HistoryText.Pair pair : HistoryText.pairs(createdBy)) {
        place.byName("secret-" + pair.kind(), "secret-named " + describe(pair.kind()) + " recorded in the history",
            pair.key(), pair.value());
      }
      findings.addAll(place.findings());
    }
    command(findings, discovered, "Cmd", c.cmd());
    command(findings, discovered, "Entrypoint", c.entrypoint());
    command(findings, discovered, "OnBuild", c.onBuild());
    c.healthcheck().ifPresent(h -> command(findings, discovered, "Healthcheck", h.test()));
    if (!c.user().isEmpty()) {
      command(findings, discovered, "User", List.of(c.user()));
    }
    if (!c.workingDir().isEmpty()) {
      command(findings, discovered, "WorkingDir", List.of(c.workingDir()));
    }
    List<KnownValues.Named> values = new ArrayList<>();
    discovered.forEach((secret, label) -> values.add(new KnownValues.Named(label, SecretValue.ofUtf8(secret), false)));
    return new Result(findings, values);
  }

  private void command(List<Finding> findings, Map<String, String> discovered, String field, List<String> words) {
    if (words.isEmpty()) {
      return;
    }
    String text = String.join(" ", words);
    Place place = new Place(new Location.Config(field), discovered);
    place.knownValues(text);
    place.patterns(text, Confidence.CONTEXTUAL, 0);
    findings.addAll(place.findings());
  }

  private static String describe(String kind) {
    return switch (kind) {
      case "arg" -> "build argument";
      case "env" -> "environment variable";
      default -> kind;
    };
  }

  /** The findings of one location, one per secret (by fingerprint); the first detector to report it wins. */
  private final class Place {
    private final Location location;
    private final Map<String, String> discovered;
    private final Map<String, Finding> byFingerprint = new LinkedHashMap<>();
    private final Map<String, Finding> byLabel = new LinkedHashMap<>();

    Place(Location location, Map<String, String> discovered) {
      this.location = location;
      this.discovered = discovered;
    }

    void knownValues(String text) {
      if (known.isEmpty() || text.isEmpty()) {
        return;
      }
      for (KnownValues.Hit hit : known.find(text.getBytes(StandardCharsets.UTF_8))) {
        String label = hit.info().label() + " " + hit.encoding();
        Finding existing = byLabel.get(label);
        if (existing != null) {
          // a part of the same secret inside a longer match of it: one finding stands for both
          byFingerprint.putIfAbsent(hit.info().evidence().fingerprint(), existing);
          continue;
        }
        String encoding = hit.encoding() == SecretEncoding.RAW ? ""
            : " (" + hit.encoding().name().toLowerCase(Locale.ROOT).replace('_', '-') + ")";
        Finding f = new Finding(location, hit.info().rule(), hit.info().title() + encoding, Detection.KNOWN_VALUE,
            hit.info().evidence());
        byLabel.put(label, f);
        byFingerprint.putIfAbsent(hit.info().evidence().fingerprint(), f);
      }
    }

    /** Credentials {@code detect} finds in {@code text}; matches inside the first {@code skip} chars are not. */
    void patterns(String text, Confidence minimum, int skip) {
      for (CredentialMatch m : CredentialPatterns.find(text, minimum)) {
        if (m.secretStart() < skip) {
          continue;
        }
        String secret = text.substring(m.secretStart(), m.secretEnd());
        int kept = CredentialPatterns.byId(m.patternId()).map(p -> p.keptPrefix()).orElse(0);
        Evidence evidence = evidence(secret, Math.min(kept, secret.length() / 2));
        Detection detection = m.confidence() == Confidence.GENERIC ? Detection.GENERIC : Detection.PATTERN;
        byFingerprint.putIfAbsent(evidence.fingerprint(),
            new Finding(location, m.patternId(), m.title(), detection, evidence));
        discovered.putIfAbsent(secret, location.describe());
      }
    }

    void byName(String rule, String title, String key, String value) {
      if (HistoryText.secretByName(key, value)) {
        Evidence evidence = evidence(value, 0);
        byFingerprint.putIfAbsent(evidence.fingerprint(),
            new Finding(location, rule, title + " (" + key + ")", Detection.SECRET_NAME, evidence));
        discovered.putIfAbsent(value, location.describe());
      }
    }

    private Evidence evidence(String secret, int kept) {
      return new Evidence(secret.substring(0, kept), secret.getBytes(StandardCharsets.UTF_8).length,
          fingerprints.of(secret));
    }

    List<Finding> findings() {
      List<Finding> all = new ArrayList<>(byLabel.values());
      for (Finding f : byFingerprint.values()) {
        if (!all.contains(f)) {
          all.add(f);
        }
      }
      return all;
    }
  }
}
