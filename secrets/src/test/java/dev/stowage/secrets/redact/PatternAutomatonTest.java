package dev.stowage.secrets.redact;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The automaton against a naive search, on texts over tiny alphabets so that patterns overlap a lot. */
class PatternAutomatonTest {
  record Hit(int pattern, long start, long end) {}

  @Test
  void agreesWithANaiveSearch() {
    Random random = new Random(20240611);
    for (int round = 0; round < 300; round++) {
      int alphabet = 2 + random.nextInt(3);
      List<byte[]> patterns = distinctPatterns(random, alphabet, 1 + random.nextInt(8));
      byte[] text = randomBytes(random, alphabet, 400 + random.nextInt(600));
      // Plant some patterns, some of them twice in a row, so long ones are found too.
      for (int k = 0; k < 4; k++) {
        byte[] p = patterns.get(random.nextInt(patterns.size()));
        int at = random.nextInt(text.length);
        for (int copy = 0; copy < 1 + random.nextInt(2) && at + p.length <= text.length; copy++) {
          System.arraycopy(p, 0, text, at, p.length);
          at += p.length - random.nextInt(Math.max(1, p.length / 2));
        }
      }
      Set<Hit> expected = naive(patterns, text);
      PatternAutomaton automaton = new PatternAutomaton(copies(patterns));
      PatternAutomaton.Scan scan = automaton.new Scan();
      Set<Hit> found = new HashSet<>();
      int at = 0;
      while (at < text.length) {
        int chunk = Math.min(text.length - at, 1 + random.nextInt(70));
        scan.feed(text, at, chunk, (p, start, end) -> assertThat(found.add(new Hit(p, start, end))).isTrue());
        at += chunk;
        assertThat(scan.pending()).as("round %d at %d", round, at).isEqualTo(naivePending(patterns, text, at));
      }
      assertThat(found).as("round %d", round).isEqualTo(expected);
    }
  }

  private static List<byte[]> distinctPatterns(Random random, int alphabet, int count) {
    List<byte[]> patterns = new ArrayList<>();
    while (patterns.size() < count) {
      int length =
          random.nextInt(3) == 0
              ? PatternAutomaton.PREFIX_LENGTH + 1 + random.nextInt(80)
              : 1 + random.nextInt(PatternAutomaton.PREFIX_LENGTH + 2);
      byte[] p = random.nextInt(4) == 0 ? periodic(random, alphabet, length) : randomBytes(random, alphabet, length);
      if (patterns.stream().noneMatch(q -> Arrays.equals(q, p))) {
        patterns.add(p);
      }
    }
    return patterns;
  }

  private static byte[] periodic(Random random, int alphabet, int length) {
    byte[] unit = randomBytes(random, alphabet, 1 + random.nextInt(4));
    byte[] p = new byte[length];
    for (int i = 0; i < length; i++) {
      p[i] = unit[i % unit.length];
    }
    return p;
  }

  private static byte[] randomBytes(Random random, int alphabet, int length) {
    byte[] b = new byte[length];
    for (int i = 0; i < length; i++) {
      b[i] = (byte) ('a' + random.nextInt(alphabet));
    }
    return b;
  }

  private static List<byte[]> copies(List<byte[]> patterns) {
    return patterns.stream().map(byte[]::clone).toList();
  }

  private static Set<Hit> naive(List<byte[]> patterns, byte[] text) {
    Set<Hit> hits = new HashSet<>();
    for (int p = 0; p < patterns.size(); p++) {
      byte[] pattern = patterns.get(p);
      for (int start = 0; start + pattern.length <= text.length; start++) {
        if (Arrays.equals(text, start, start + pattern.length, pattern, 0, pattern.length)) {
          hits.add(new Hit(p, start, start + pattern.length));
        }
      }
    }
    return hits;
  }

  /** The longest suffix of {@code text[0, end)} that is a proper prefix of a pattern, or a whole short one. */
  private static int naivePending(List<byte[]> patterns, byte[] text, int end) {
    int longest = 0;
    for (byte[] pattern : patterns) {
      // A whole pattern just matched counts for the trie (its node is that deep) only when it is short;
      // a long pattern's matcher restarts from its failure value after a match.
      int max = pattern.length > PatternAutomaton.PREFIX_LENGTH ? pattern.length - 1 : pattern.length;
      for (int k = Math.min(max, end); k > longest; k--) {
        if (Arrays.equals(text, end - k, end, pattern, 0, k)) {
          longest = k;
          break;
        }
      }
    }
    return longest;
  }
}
