package dev.stowage.scan.detect;

import dev.stowage.detect.Confidence;
import dev.stowage.detect.CredentialMatch;
import dev.stowage.detect.CredentialPatterns;
import dev.stowage.detect.SecretNames;
import dev.stowage.detect.ValueShapes;
import dev.stowage.scan.Evidence;
import dev.stowage.secrets.SecretId;
import dev.stowage.secrets.SecretValue;
import dev.stowage.secrets.redact.SecretEncoding;
import dev.stowage.secrets.redact.SecretMatch;
import dev.stowage.secrets.redact.SecretMatcher;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The secret values a user hands to a scan (the same {@code --secret} flags as {@code build}, or a file of values),
 * searched for with the build guard's own matcher ({@link SecretMatcher}: raw, base64, hex, url-encoded and
 * JSON-escaped, across buffer boundaries).
 *
 * <p>Besides each whole value, the parts a build is likely to copy on their own are searched too: the value
 * without its trailing newline, and in a multi-line secret file (an {@code .npmrc}, AWS credentials) each
 * credential it holds and each secret-looking {@code key = value} value. The parts keep the label of their
 * secret. Closing zero-fills every copy.
 */
public final class KnownValues implements AutoCloseable {
  /**
   * A value to search for, the label reports name it by ({@code secret 'npmrc'}) and whether the user provided it
   * or the scan found it in the image config (a token in Env, searched for in the layers in every encoding).
   */
  public record Named(String label, SecretValue value, boolean provided) {
    public Named {
      Objects.requireNonNull(label, "label");
      Objects.requireNonNull(value, "value");
    }

    /** A value the user provided. */
    public Named(String label, SecretValue value) {
      this(label, value, true);
    }

    @Override
    public String toString() {
      return "Named[" + label + "]";
    }
  }

  /** What a report shows of one searched value: its label, redacted evidence, and whether the user provided it. */
  public record Info(String label, Evidence evidence, boolean provided) {
    /** The rule of a finding of this value: {@code known-value}, or {@code config-secret} for one from the config. */
    public String rule() {
      return provided ? "known-value" : "config-secret";
    }

    /** The title of a finding of this value. */
    public String title() {
      return provided ? "value of " + label : "the secret of " + label + " (found in the image config)";
    }
  }

  /** One occurrence in a text. */
  public record Hit(Info info, SecretEncoding encoding, long start, long end) {}

  private static final int MIN_PART = 8;

  private final SecretMatcher matcher;
  private final Map<SecretId, Info> infos;
  private final List<SecretValue> owned;
  private final List<String> tooShort;

  private KnownValues(SecretMatcher matcher, Map<SecretId, Info> infos, List<SecretValue> owned,
      List<String> tooShort) {
    this.matcher = matcher;
    this.infos = infos;
    this.owned = owned;
    this.tooShort = tooShort;
  }

  /** Nothing to search for. */
  public static KnownValues none() {
    return new KnownValues(SecretMatcher.empty(), Map.of(), List.of(), List.of());
  }

  /**
   * Prepares the search for {@code values} (which stay owned by the caller) and their parts; fingerprints come
   * from {@code fingerprints}.
   */
  public static KnownValues of(List<Named> values, Fingerprinter fingerprints) {
    Map<SecretId, SecretValue> forMatcher = new LinkedHashMap<>();
    Map<SecretId, Info> infos = new LinkedHashMap<>();
    List<SecretValue> owned = new ArrayList<>();
    List<byte[]> seen = new ArrayList<>();
    List<String> tooShort = new ArrayList<>();
    try {
      for (Named named : values) {
        byte[] raw = new byte[named.value().length()];
        named.value().reveal((ByteBuffer b) -> b.duplicate().get(raw));
        try {
          if (raw.length < SecretMatcher.MIN_SECRET_BYTES) {
            tooShort.add(named.label());
            continue;
          }
          int part = 0;
          for (byte[] form : partsOf(raw)) {
            if (form.length < SecretMatcher.MIN_SECRET_BYTES || seen.stream().anyMatch(s -> Arrays.equals(s, form))) {
              Arrays.fill(form, (byte) 0);
              continue;
            }
            seen.add(form);
            SecretId id = SecretId.of(named.label() + "#" + part++);
            SecretValue value = SecretValue.copyOf(form);
            owned.add(value);
            forMatcher.put(id, value);
            infos.put(id, new Info(named.label(), new Evidence(prefixOf(form), form.length, fingerprints.of(form)),
                named.provided()));
          }
        } finally {
          Arrays.fill(raw, (byte) 0);
        }
      }
      return new KnownValues(SecretMatcher.of(forMatcher), Collections.unmodifiableMap(infos), owned,
          List.copyOf(tooShort));
    } catch (RuntimeException e) {
      owned.forEach(SecretValue::close);
      throw e;
    } finally {
      seen.forEach(s -> Arrays.fill(s, (byte) 0));
    }
  }

  /** True when there is nothing to search for. */
  public boolean isEmpty() {
    return matcher.isEmpty();
  }

  /** Labels of the values too short to search for (fewer than {@value SecretMatcher#MIN_SECRET_BYTES} bytes). */
  public List<String> tooShort() {
    return tooShort;
  }

  /** Every occurrence in {@code data}. */
  public List<Hit> find(byte[] data) {
    return hits(matcher.findAll(data));
  }

  /** A matching state for one stream. */
  public SecretMatcher.Session newSession() {
    return matcher.newSession();
  }

  /** The hits of matches a session returned. */
  public List<Hit> hits(List<SecretMatch> matches) {
    if (matches.isEmpty()) {
      return List.of();
    }
    List<Hit> hits = new ArrayList<>(matches.size());
    for (SecretMatch m : matches) {
      hits.add(new Hit(infos.get(m.id()), m.encoding(), m.start(), m.end()));
    }
    return hits;
  }

  /** The fingerprints of every searched value (whole values and parts). */
  public List<String> fingerprints() {
    return infos.values().stream().map(i -> i.evidence().fingerprint()).toList();
  }

  @Override
  public void close() {
    matcher.close();
    owned.forEach(SecretValue::close);
  }

  @Override
  public String toString() {
    return "KnownValues[" + infos.size() + " forms]";
  }

  /**
   * The value, then without trailing whitespace, then for a multi-line value: each credential its lines hold and
   * the value of each {@code key = value} line that is not innocuous (a path, a URL without a password, a number).
   */
  static List<byte[]> partsOf(byte[] raw) {
    List<byte[]> parts = new ArrayList<>();
    parts.add(raw.clone());
    int end = raw.length;
    while (end > 0 && (raw[end - 1] == '\n' || raw[end - 1] == '\r' || raw[end - 1] == ' ' || raw[end - 1] == '\t')) {
      end--;
    }
    if (end < raw.length && end > 0) {
      parts.add(Arrays.copyOf(raw, end));
    }
    String text = new String(raw, 0, end, StandardCharsets.UTF_8);
    if (text.indexOf('\n') < 0 && text.indexOf('=') < 0 && text.indexOf(':') < 0) {
      return parts;
    }
    for (String line : text.split("\r?\n")) {
      for (CredentialMatch m : CredentialPatterns.find(line, Confidence.GENERIC)) {
        String secret = line.substring(m.secretStart(), m.secretEnd());
        if (secret.length() >= MIN_PART) {
          parts.add(secret.getBytes(StandardCharsets.UTF_8));
        }
      }
      int eq = firstSeparator(line);
      if (eq > 0) {
        String key = line.substring(0, eq).strip().replace('.', '_').replace('-', '_');
        String value = stripQuotes(line.substring(eq + 1).strip());
        boolean secretLooking = SecretNames.kind(key) == SecretNames.NameKind.SECRET || ValueShapes.looksRandom(value);
        if (value.length() >= MIN_PART && secretLooking && !ValueShapes.isInnocuous(value) && value.indexOf(' ') < 0) {
          parts.add(value.getBytes(StandardCharsets.UTF_8));
        }
      }
    }
    return parts;
  }

  private static int firstSeparator(String line) {
    for (int i = 0; i < line.length(); i++) {
      char c = line.charAt(i);
      if (c == '=' || c == ':') {
        return i;
      }
      if (c == ' ' || c == '\t') {
        continue;
      }
      if (!(Character.isLetterOrDigit(c) || c == '_' || c == '-' || c == '.')) {
        return -1;
      }
    }
    return -1;
  }

  private static String stripQuotes(String v) {
    if (v.length() >= 2 && (v.charAt(0) == '"' || v.charAt(0) == '\'') && v.charAt(v.length() - 1) == v.charAt(0)) {
      return v.substring(1, v.length() - 1);
    }
    return v;
  }

  /** A credential format's public prefix when the value is one ({@code npm_}); nothing for anything else. */
  private static String prefixOf(byte[] value) {
    String text = new String(value, StandardCharsets.UTF_8);
    for (CredentialMatch m : CredentialPatterns.find(text, Confidence.FORMAT)) {
      if (m.secretStart() == 0 && m.secretEnd() == text.length()) {
        int kept = CredentialPatterns.byId(m.patternId()).map(p -> p.keptPrefix()).orElse(0);
        return text.substring(0, Math.min(kept, text.length() / 2));
      }
    }
    return "";
  }
}
