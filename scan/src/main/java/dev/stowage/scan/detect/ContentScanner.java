package dev.stowage.scan.detect;

import dev.stowage.detect.Confidence;
import dev.stowage.detect.CredentialFileKind;
import dev.stowage.detect.CredentialFiles;
import dev.stowage.detect.CredentialPattern;
import dev.stowage.detect.CredentialPatterns;
import dev.stowage.detect.FileAssessment;
import dev.stowage.scan.Detection;
import dev.stowage.scan.Evidence;
import dev.stowage.secrets.redact.SecretEncoding;
import dev.stowage.secrets.redact.SecretMatcher;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;

/**
 * Searches file contents for secrets as they stream by, in one pass and bounded memory, whatever the file's size:
 * the known values through their {@link SecretMatcher} session, the credential formats of {@code detect} through a
 * keyword prefilter that runs each pattern only in a bounded window around its keywords, and, for a file named
 * like a credential file, that file type's own evidence (a {@code .netrc} password, a kubeconfig token) from the
 * first {@value #ASSESS_LIMIT} bytes.
 *
 * <p>Keyword assignments ({@link Confidence#GENERIC}) count only in configuration and credential files, as in
 * {@link CredentialFiles#assess}. One scanner serves one walk over a layer, file after file; it is not
 * thread-safe.
 */
public final class ContentScanner {
  /** Bytes of a credential-named file read for {@link CredentialFiles#assess}; larger ones are judged by patterns. */
  public static final int ASSESS_LIMIT = 256 * 1024;

  static final int CAPACITY = 64 * 1024;
  static final int MAX_REGION = 24 * 1024;
  private static final int MAX_MATCHES_PER_FILE = 256;
  private static final int BINARY_SNIFF = 8 * 1024;

  private final KnownValues known;
  private final Fingerprinter fingerprints;
  private final CredentialPattern[] patterns;
  private final PatternKeywords.Spec[] specs;
  private final KeywordAutomaton automaton;
  private final int[][] patternsOfKeyword;
  private final byte[] buffer = new byte[CAPACITY];
  private final ByteView view = new ByteView(buffer, 0, 0);
  private final Matcher[] matchers;

  public ContentScanner(KnownValues known, Fingerprinter fingerprints) {
    this.known = known;
    this.fingerprints = fingerprints;
    List<CredentialPattern> all = CredentialPatterns.all();
    this.patterns = all.toArray(CredentialPattern[]::new);
    this.specs = new PatternKeywords.Spec[patterns.length];
    this.matchers = new Matcher[patterns.length];
    List<String> keywords = new ArrayList<>();
    List<List<Integer>> owners = new ArrayList<>();
    for (int p = 0; p < patterns.length; p++) {
      PatternKeywords.Spec spec = PatternKeywords.of(patterns[p]).orElse(null);
      specs[p] = spec;
      matchers[p] = patterns[p].regex().matcher(view).useTransparentBounds(true).useAnchoringBounds(false);
      if (spec == null) {
        continue;
      }
      for (String keyword : spec.keywords()) {
        String k = keyword.toLowerCase(Locale.ROOT);
        int index = keywords.indexOf(k);
        if (index < 0) {
          keywords.add(k);
          owners.add(new ArrayList<>());
          index = keywords.size() - 1;
        }
        owners.get(index).add(p);
      }
    }
    this.automaton = new KeywordAutomaton(keywords);
    this.patternsOfKeyword = owners.stream().map(l -> l.stream().mapToInt(Integer::intValue).toArray())
        .toArray(int[][]::new);
  }

  /**
   * Starts scanning one file.
   *
   * @param path the in-image path, relative; its name decides the credential-file kind and whether keyword
   *     assignments count
   * @param size the content length the tar header declares
   */
  public FileScan start(String path, long size) {
    return new FileScan(path, size);
  }

  /** The scan of one file: feed its content in order, then {@link #finish()}. */
  public final class FileScan {
    private final String path;
    private final long size;
    private final boolean genericAllowed;
    private final Optional<CredentialFileKind> kind;
    private final SecretMatcher.Session session;
    private final long[] openStart = new long[patterns.length];
    private final long[] openEnd = new long[patterns.length];
    private final List<long[]> closed = new ArrayList<>(); // {pattern, start, end}
    private final List<PatternHit> patternHits = new ArrayList<>();
    private final Set<Long> seen = new HashSet<>();
    private final Map<String, KnownHit> knownHits = new LinkedHashMap<>();
    private final Set<String> providedFingerprints = new HashSet<>();
    private final ByteArrayOutputStream captured;
    private final Fingerprinter.Streaming whole;
    private long bufBase;
    private int bufLen;
    private long linesBefore;
    private int state;
    private boolean binary;
    private long fed;

    private FileScan(String path, long size) {
      this.path = path;
      this.size = size;
      this.kind = CredentialFiles.byName(path);
      this.genericAllowed = CredentialFiles.genericRulesApply(path);
      this.session = known.isEmpty() ? null : known.newSession();
      Arrays.fill(openStart, -1);
      boolean assess = kind.isPresent() && size <= ASSESS_LIMIT;
      this.captured = assess ? new ByteArrayOutputStream((int) size) : null;
      this.whole = kind.isPresent() ? fingerprints.start() : null;
      view.end(0);
    }

    /** Consumes the next {@code length} bytes of content. */
    public void feed(byte[] data, int offset, int length) {
      while (length > 0) {
        if (bufLen == CAPACITY) {
          makeRoom();
        }
        int n = Math.min(length, CAPACITY - bufLen);
        System.arraycopy(data, offset, buffer, bufLen, n);
        int at = bufLen;
        long base = bufBase + bufLen;
        bufLen += n;
        view.end(bufLen);
        if (fed < BINARY_SNIFF && !binary) {
          for (int i = at; i < at + n && fed + (i - at) < BINARY_SNIFF; i++) {
            if (buffer[i] == 0) {
              binary = true;
              break;
            }
          }
        }
        fed += n;
        state = automaton.scan(state, buffer, at, n, base, this::onKeyword);
        if (session != null) {
          for (KnownValues.Hit hit : known.hits(session.feed(buffer, at, n))) {
            onKnown(hit);
          }
        }
        if (captured != null && captured.size() + n <= ASSESS_LIMIT) {
          captured.write(buffer, at, n);
        }
        if (whole != null) {
          whole.update(buffer, at, n);
        }
        offset += n;
        length -= n;
      }
    }

    /** Ends the file and returns what it holds, strongest evidence first, one hit per secret and rule. */
    public List<FileHit> finish() {
      for (int p = 0; p < patterns.length; p++) {
        if (openStart[p] >= 0) {
          evaluate(p, openStart[p], openEnd[p]);
          openStart[p] = -1;
        }
      }
      for (long[] region : closed) {
        evaluate((int) region[0], region[1], region[2]);
      }
      closed.clear();
      List<FileHit> hits = new ArrayList<>();
      List<PatternHit> patternsFound = strongestWithoutOverlaps();
      Set<String> patternFingerprints = new HashSet<>();
      patternsFound.forEach(h -> patternFingerprints.add(h.hit().evidence().fingerprint()));
      for (KnownHit h : knownHits.values()) {
        // A value the user gave says more than a format; a value found in the config says less.
        if (h.provided() || !patternFingerprints.contains(h.hit().evidence().fingerprint())) {
          hits.add(h.hit());
        }
      }
      Set<String> reported = new HashSet<>();
      for (PatternHit h : patternsFound) {
        if (providedFingerprints.contains(h.hit().evidence().fingerprint())) {
          continue; // the same secret as a value the user gave: that finding says more
        }
        if (reported.add(h.hit().rule() + " " + h.hit().evidence().fingerprint())) {
          hits.add(h.hit());
        }
      }
      if (hits.isEmpty() && kind.isPresent()) {
        fileKindEvidence().ifPresent(hits::add);
      }
      if (captured != null) {
        wipe(captured);
      }
      return hits;
    }

    /** Whether the first bytes of the content hold a NUL byte. */
    public boolean binary() {
      return binary;
    }

    private void onKeyword(int keyword, long end) {
      long keywordStart = end - automaton.length(keyword);
      for (int p : patternsOfKeyword[keyword]) {
        if (!genericAllowed && patterns[p].confidence() == Confidence.GENERIC) {
          continue;
        }
        PatternKeywords.Spec spec = specs[p];
        long start = Math.max(0, keywordStart - spec.before());
        long stop = end + spec.after();
        if (openStart[p] >= 0 && start <= openEnd[p] && stop - openStart[p] <= MAX_REGION) {
          openEnd[p] = Math.max(openEnd[p], stop);
          continue;
        }
        if (openStart[p] >= 0) {
          closed.add(new long[] {p, openStart[p], openEnd[p]});
        }
        openStart[p] = start;
        openEnd[p] = stop;
      }
    }

    /**
     * One finding per secret and encoding: where parts of a secret match inside the whole value (the token inside
     * a copied .npmrc), the longest match stands for them.
     */
    private void onKnown(KnownValues.Hit hit) {
      if (hit.info().provided()) {
        providedFingerprints.add(hit.info().evidence().fingerprint());
      }
      String key = hit.info().label() + " " + hit.encoding();
      KnownHit previous = knownHits.get(key);
      if (previous != null && !(hit.start() <= previous.start() && previous.end() <= hit.end())) {
        return;
      }
      if (previous == null && knownHits.size() >= MAX_MATCHES_PER_FILE) {
        return;
      }
      String encoding = hit.encoding() == SecretEncoding.RAW ? ""
          : " (" + hit.encoding().name().toLowerCase(Locale.ROOT).replace('_', '-') + ")";
      knownHits.put(key, new KnownHit(new FileHit(hit.info().rule(), hit.info().title() + encoding,
          Detection.KNOWN_VALUE, binary ? 0 : lineAt(hit.start()), hit.info().evidence()), hit.start(), hit.end(),
          hit.info().provided()));
    }

    /** Runs the patterns whose windows are complete, then drops what no window needs any more. */
    private void makeRoom() {
      long bufEnd = bufBase + bufLen;
      for (int p = 0; p < patterns.length; p++) {
        if (openStart[p] >= 0 && openEnd[p] <= bufEnd) {
          evaluate(p, openStart[p], openEnd[p]);
          openStart[p] = -1;
        }
      }
      long keep = bufEnd - PatternKeywords.MAX_BEFORE - 1;
      for (var it = closed.iterator(); it.hasNext(); ) {
        long[] region = it.next();
        if (region[2] <= bufEnd) {
          evaluate((int) region[0], region[1], region[2]);
          it.remove();
        } else {
          keep = Math.min(keep, region[1]);
        }
      }
      for (int p = 0; p < patterns.length; p++) {
        if (openStart[p] >= 0) {
          keep = Math.min(keep, openStart[p]);
        }
      }
      keep = Math.max(keep, bufBase);
      if (keep - bufBase < CAPACITY / 4) {
        // Windows still need most of the buffer (cannot happen while MAX_REGION + MAX_BEFORE < 3/4 of it): run
        // them on what is there rather than grow.
        for (int p = 0; p < patterns.length; p++) {
          if (openStart[p] >= 0) {
            evaluate(p, openStart[p], openEnd[p]);
            openStart[p] = -1;
          }
        }
        closed.forEach(r -> evaluate((int) r[0], r[1], r[2]));
        closed.clear();
        keep = bufEnd - PatternKeywords.MAX_BEFORE - 1;
      }
      int drop = (int) (keep - bufBase);
      if (!binary) {
        linesBefore += newlines(0, drop);
      }
      System.arraycopy(buffer, drop, buffer, 0, bufLen - drop);
      bufLen -= drop;
      bufBase += drop;
      view.end(bufLen);
    }

    private void evaluate(int p, long start, long end) {
      long from = Math.max(start, bufBase);
      long to = Math.min(end, bufBase + bufLen);
      if (from >= to || patternHits.size() >= MAX_MATCHES_PER_FILE) {
        return;
      }
      CredentialPattern pattern = patterns[p];
      Matcher m = matchers[p];
      m.reset(view);
      m.region((int) (from - bufBase), (int) (to - bufBase));
      while (m.find()) {
        int secretStart = m.start("s");
        if (secretStart < 0) {
          continue;
        }
        int secretEnd = m.end("s");
        long absolute = bufBase + secretStart;
        if (seen.contains(absolute * 64 + p)) {
          continue;
        }
        if (binary && !printable(m.start(), m.end())) {
          continue; // in a binary, a credential is a run of text; anything else is bytes that happen to match
        }
        String secret = view.subSequence(secretStart, secretEnd).toString();
        if (!pattern.accepts().test(secret)) {
          continue;
        }
        seen.add(absolute * 64 + p);
        int kept = Math.min(pattern.keptPrefix(), secret.length() / 2);
        Evidence evidence = new Evidence(secret.substring(0, kept), secretEnd - secretStart,
            fingerprints.of(buffer, secretStart, secretEnd - secretStart));
        Detection detection = pattern.confidence() == Confidence.GENERIC ? Detection.GENERIC : Detection.PATTERN;
        FileHit hit = new FileHit(pattern.id(), pattern.title(), detection,
            binary ? 0 : lineAt(bufBase + m.start()), evidence);
        patternHits.add(new PatternHit(hit, pattern.confidence(), bufBase + m.start(), bufBase + m.end()));
        if (patternHits.size() >= MAX_MATCHES_PER_FILE) {
          return;
        }
      }
    }

    /** As {@link CredentialPatterns#find}: where matches overlap, the strongest, then the longest, wins. */
    private List<PatternHit> strongestWithoutOverlaps() {
      List<PatternHit> sorted = new ArrayList<>(patternHits);
      sorted.sort(Comparator.comparing(PatternHit::confidence)
          .thenComparing(Comparator.comparingLong((PatternHit h) -> h.hit().evidence().length()).reversed())
          .thenComparingLong(PatternHit::start));
      List<PatternHit> kept = new ArrayList<>();
      for (PatternHit candidate : sorted) {
        if (kept.stream().noneMatch(k -> k.start() < candidate.end() && candidate.start() < k.end())) {
          kept.add(candidate);
        }
      }
      kept.sort(Comparator.comparingLong(PatternHit::start));
      return kept;
    }

    /** A credential file's own evidence ({@code .netrc} password, kubeconfig token), or a binary key store. */
    private Optional<FileHit> fileKindEvidence() {
      CredentialFileKind k = kind.orElseThrow();
      if (size == 0) {
        return Optional.empty();
      }
      if (captured != null && !binary && captured.size() == size) {
        FileAssessment a = CredentialFiles.assess(path, new String(captured.toByteArray(),
            StandardCharsets.ISO_8859_1));
        if (a.holdsCredential()) {
          return Optional.of(new FileHit(k.id(), k.title() + ": " + a.reason(), Detection.CREDENTIAL_FILE, 0,
              new Evidence("", size, whole.finish())));
        }
        return Optional.empty();
      }
      if (binary && k.nameIsEnough()) {
        return Optional.of(new FileHit(k.id(), k.title() + " (binary content, named as a credential file)",
            Detection.CREDENTIAL_FILE, 0, new Evidence("", size, whole.finish())));
      }
      return Optional.empty();
    }

    private boolean printable(int from, int to) {
      for (int i = from; i < to; i++) {
        int b = buffer[i] & 0xff;
        if ((b < 0x20 && b != '\t' && b != '\n' && b != '\r') || b >= 0x7f) {
          return false;
        }
      }
      return true;
    }

    private long lineAt(long absolute) {
      if (absolute <= bufBase) {
        return linesBefore + 1;
      }
      return linesBefore + 1 + newlines(0, (int) Math.min(absolute - bufBase, bufLen));
    }

    private int newlines(int from, int to) {
      int count = 0;
      for (int i = from; i < to; i++) {
        if (buffer[i] == '\n') {
          count++;
        }
      }
      return count;
    }
  }

  private record PatternHit(FileHit hit, Confidence confidence, long start, long end) {}

  private record KnownHit(FileHit hit, long start, long end, boolean provided) {}

  private static void wipe(ByteArrayOutputStream out) {
    int n = out.size();
    out.reset();
    out.write(new byte[n], 0, n);
    out.reset();
  }
}
