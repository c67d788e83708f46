package dev.stowage.secrets.redact;

import dev.stowage.secrets.SecretId;
import dev.stowage.secrets.SecretValue;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Finds the secret values of a build, and their encoded forms, in byte streams: the console output of RUN
 * steps, each layer's tar stream, the image config.
 *
 * <p>Built once from the values in use; for each value of at least {@link #MIN_SECRET_BYTES} it searches the
 * raw bytes, base64 (standard and URL-safe, padded or not, and the characters that depend only on the secret
 * when it sits inside a longer base64 stream at any of the three byte alignments), hex (lower and upper case),
 * percent-encoding (RFC 3986, Go's {@code QueryEscape}, Java's {@code URLEncoder}) and JSON string escaping
 * (Jackson, Go with and without HTML escaping). Shorter values are not searched, since they would match
 * everywhere; {@link #tooShortToMatch()} lists them so the caller can warn.
 *
 * <p>The matcher is immutable and thread-safe; each stream gets its own {@link Session}, which keeps its state
 * across {@link Session#feed} calls so a match split over two buffers is still found. The matcher keeps
 * secret-derived bytes; {@link #close()} zero-fills them.
 */
public final class SecretMatcher implements AutoCloseable {
  /** Values shorter than this are not searched: six bytes is the shortest that is rare by chance in output. */
  public static final int MIN_SECRET_BYTES = 6;

  private record Label(SecretId id, SecretEncoding encoding) {}

  private final PatternAutomaton automaton; // null when there is nothing to search
  private final Label[][] labels; // pattern -> one label per secret id, in the order the forms were listed
  private final Set<SecretId> searched;
  private final Set<SecretId> tooShort;

  private SecretMatcher(PatternAutomaton automaton, Label[][] labels, Set<SecretId> searched, Set<SecretId> tooShort) {
    this.automaton = automaton;
    this.labels = labels;
    this.searched = searched;
    this.tooShort = tooShort;
  }

  /** A matcher that finds nothing. */
  public static SecretMatcher empty() {
    return of(Map.of());
  }

  /** Builds the matcher for {@code secrets}; the values are read (not kept) and stay owned by the caller. */
  public static SecretMatcher of(Map<SecretId, SecretValue> secrets) {
    Map<ByteBuffer, Integer> indexOf = new HashMap<>();
    List<byte[]> patterns = new ArrayList<>();
    List<List<Label>> labelLists = new ArrayList<>();
    Set<SecretId> searched = new LinkedHashSet<>();
    Set<SecretId> tooShort = new LinkedHashSet<>();
    for (Map.Entry<SecretId, SecretValue> entry : secrets.entrySet()) {
      SecretId id = entry.getKey();
      SecretValue value = entry.getValue();
      if (value.length() < MIN_SECRET_BYTES) {
        tooShort.add(id);
        continue;
      }
      searched.add(id);
      byte[] raw = new byte[value.length()];
      value.reveal(buffer -> buffer.get(raw));
      try {
        for (EncodedForms.Form form : EncodedForms.of(raw)) {
          Integer index = indexOf.get(ByteBuffer.wrap(form.bytes()));
          if (index == null) {
            index = patterns.size();
            patterns.add(form.bytes());
            indexOf.put(ByteBuffer.wrap(form.bytes()), index);
            labelLists.add(new ArrayList<>());
          } else {
            Arrays.fill(form.bytes(), (byte) 0); // a duplicate of a pattern already kept
          }
          List<Label> list = labelLists.get(index);
          if (list.stream().noneMatch(label -> label.id().equals(id))) {
            list.add(new Label(id, form.encoding()));
          }
        }
      } finally {
        Arrays.fill(raw, (byte) 0);
      }
    }
    Label[][] labels = new Label[labelLists.size()][];
    for (int i = 0; i < labels.length; i++) {
      labels[i] = labelLists.get(i).toArray(Label[]::new);
    }
    PatternAutomaton automaton = patterns.isEmpty() ? null : new PatternAutomaton(patterns);
    return new SecretMatcher(
        automaton, labels, Collections.unmodifiableSet(searched), Collections.unmodifiableSet(tooShort));
  }

  /** The ids whose values are searched for. */
  public Set<SecretId> searchedIds() {
    return searched;
  }

  /** The ids whose values are shorter than {@link #MIN_SECRET_BYTES} and therefore not searched for. */
  public Set<SecretId> tooShortToMatch() {
    return tooShort;
  }

  /** Whether this matcher can find anything at all. */
  public boolean isEmpty() {
    return automaton == null;
  }

  /** The length of the longest form searched for; a redacting stream holds back less than this. */
  public int longestPattern() {
    return automaton == null ? 0 : automaton.longestPattern();
  }

  /** A fresh matching state for one stream. */
  public Session newSession() {
    return new Session();
  }

  /** Every match in {@code data}, as one stream starting at offset 0. */
  public List<SecretMatch> findAll(byte[] data) {
    return newSession().feed(data, 0, data.length);
  }

  /** Zero-fills the secret-derived patterns; sessions fail afterwards. */
  @Override
  public void close() {
    if (automaton != null) {
      automaton.close();
    }
  }

  @Override
  public String toString() {
    return "SecretMatcher[searching " + searched.size() + " secrets, " + tooShort.size() + " too short]";
  }

  /** The matching state over one stream. Not thread-safe: one session per stream. */
  public final class Session {
    private final PatternAutomaton.Scan scan = automaton == null ? null : automaton.new Scan();
    private long fed;

    private Session() {}

    /**
     * Consumes {@code length} bytes and returns the matches that end in them, in the order of their end
     * offsets; offsets count from the first byte ever fed to this session.
     */
    public List<SecretMatch> feed(byte[] data, int offset, int length) {
      java.util.Objects.checkFromIndexSize(offset, length, data.length);
      fed += length;
      if (scan == null) {
        return List.of();
      }
      List<SecretMatch> found = new ArrayList<>(0);
      scan.feed(
          data,
          offset,
          length,
          (pattern, start, end) -> {
            for (Label label : labels[pattern]) {
              found.add(new SecretMatch(label.id(), label.encoding(), start, end));
            }
          });
      return found;
    }

    /** The number of bytes fed so far. */
    public long position() {
      return fed;
    }

    /**
     * How many of the last bytes fed could still turn out to be part of a match; every byte before them is
     * settled. Zero when the stream does not end in the beginning of a secret.
     */
    public int pending() {
      return scan == null ? 0 : scan.pending();
    }
  }
}
