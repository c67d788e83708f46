package dev.stowage.secrets.redact;

import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * Multi-pattern byte matching, built once and shared by any number of {@link Scan}s.
 *
 * <p>An Aho-Corasick automaton holds every pattern up to {@link #PREFIX_LENGTH} bytes, and the first
 * {@code PREFIX_LENGTH} bytes of each longer one. When such a prefix is seen, a Knuth-Morris-Pratt matcher for
 * that long pattern takes over until the text stops following it. This keeps the automaton small (a 500 KiB
 * secret has some twenty encoded forms of up to 1.5 MB each; a plain trie of them would take hundreds of MB)
 * while the time stays linear in the text: the KMP matchers run only while the text follows a pattern. Their
 * failure tables are computed the first time each pattern is seen.
 *
 * <p>Node 0 is the root. Trie children are kept as sibling lists, the root's as a 256-entry table.
 */
final class PatternAutomaton {
  static final int PREFIX_LENGTH = 64;

  /**
   * Nodes this close to the root get a full 256-entry transition row (failures already resolved): random text
   * spends nearly all its time there, and a row lookup beats walking sibling lists and failure links.
   */
  private static final int DENSE_DEPTH = 3;

  private final byte[][] patterns;
  private final int[] patternLength;
  private final int[] longIndex; // pattern -> its slot among the long patterns, or -1
  private final int longCount;
  private final int longestPattern;

  private final int[] rootNext = new int[256];
  private final int[] firstChild;
  private final int[] nextSibling;
  private final byte[] edge;
  private final int[] fail;
  private final int[] depth;
  private final int[] dictLink; // the nearest node on the fail chain that ends a pattern or a prefix, or -1
  private final int[] fullPattern; // the pattern that ends at this node, or -1
  private final int[][] prefixOf; // long patterns whose prefix ends at this node, or null
  private final int[] firstOutput; // this node if it ends something, else its dictLink
  private final int[] denseRow; // offset of the node's row in 'dense', or -1
  private final int[] dense;
  /**
   * The same rows for the scan's fast loop: the next node's row offset when that node has a row and ends nothing
   * (the loop then needs no other lookup), else {@code -(node + 1)}.
   */
  private final int[] quiet;
  private final int[] rowNode; // the node of each dense row (offset / 256)
  private final AtomicReferenceArray<int[]> failureTables;
  private volatile boolean closed;

  /** {@code patterns} must be distinct and non-empty; the automaton keeps (and on close, zero-fills) them. */
  PatternAutomaton(List<byte[]> patterns) {
    this.patterns = patterns.toArray(byte[][]::new);
    this.patternLength = new int[this.patterns.length];
    this.longIndex = new int[this.patterns.length];
    int capacity = 1;
    int longs = 0;
    int longest = 0;
    for (int i = 0; i < this.patterns.length; i++) {
      int length = this.patterns[i].length;
      patternLength[i] = length;
      longIndex[i] = length > PREFIX_LENGTH ? longs++ : -1;
      capacity += Math.min(length, PREFIX_LENGTH);
      longest = Math.max(longest, length);
    }
    this.longCount = longs;
    this.longestPattern = longest;
    this.failureTables = new AtomicReferenceArray<>(this.patterns.length);

    firstChild = new int[capacity];
    nextSibling = new int[capacity];
    edge = new byte[capacity];
    fail = new int[capacity];
    depth = new int[capacity];
    dictLink = new int[capacity];
    fullPattern = new int[capacity];
    prefixOf = new int[capacity][];
    Arrays.fill(rootNext, -1);
    Arrays.fill(firstChild, -1);
    Arrays.fill(nextSibling, -1);
    Arrays.fill(fullPattern, -1);
    Arrays.fill(dictLink, -1);

    int nodes = 1;
    for (int i = 0; i < this.patterns.length; i++) {
      byte[] pattern = this.patterns[i];
      int node = 0;
      int trieLength = Math.min(pattern.length, PREFIX_LENGTH);
      for (int k = 0; k < trieLength; k++) {
        int next = child(node, pattern[k]);
        if (next < 0) {
          next = nodes++;
          edge[next] = pattern[k];
          depth[next] = depth[node] + 1;
          if (node == 0) {
            rootNext[pattern[k] & 0xff] = next;
          } else {
            nextSibling[next] = firstChild[node];
            firstChild[node] = next;
          }
        }
        node = next;
      }
      if (longIndex[i] < 0) {
        fullPattern[node] = i;
      } else {
        int[] existing = prefixOf[node];
        int[] grown = existing == null ? new int[1] : Arrays.copyOf(existing, existing.length + 1);
        grown[grown.length - 1] = i;
        prefixOf[node] = grown;
      }
    }
    int[] order = linkFailures(nodes);
    firstOutput = new int[capacity];
    for (int n = 0; n < nodes; n++) {
      firstOutput[n] = endsSomething(n) ? n : dictLink[n];
    }
    denseRow = new int[capacity];
    dense = buildDenseRows(order, nodes);
    rowNode = Arrays.copyOf(order, dense.length / 256);
    quiet = new int[dense.length];
    for (int k = 0; k < dense.length; k++) {
      int next = dense[k];
      quiet[k] = denseRow[next] >= 0 && firstOutput[next] < 0 ? denseRow[next] : -(next + 1);
    }
    // Short patterns live on in the trie edges; only the long ones are needed as arrays.
    for (int i = 0; i < this.patterns.length; i++) {
      if (longIndex[i] < 0) {
        Arrays.fill(this.patterns[i], (byte) 0);
        this.patterns[i] = null;
      }
    }
  }

  /** Sets the failure and dictionary links; returns the nodes in breadth-first order (root first). */
  private int[] linkFailures(int nodes) {
    int[] queue = new int[nodes];
    queue[0] = 0;
    int head = 1;
    int tail = 1;
    for (int b = 0; b < 256; b++) {
      if (rootNext[b] >= 0) {
        queue[tail++] = rootNext[b];
      }
    }
    while (head < tail) {
      int u = queue[head++];
      for (int v = firstChild[u]; v >= 0; v = nextSibling[v]) {
        byte b = edge[v];
        int f = fail[u];
        while (f != 0 && child(f, b) < 0) {
          f = fail[f];
        }
        int target = child(f, b);
        fail[v] = target >= 0 && target != v ? target : 0;
        dictLink[v] = endsSomething(fail[v]) ? fail[v] : dictLink[fail[v]];
        queue[tail++] = v;
      }
    }
    return queue;
  }

  /** Full transition rows for the nodes up to {@link #DENSE_DEPTH}, built root first so failures resolve. */
  private int[] buildDenseRows(int[] breadthFirst, int nodes) {
    Arrays.fill(denseRow, -1);
    int rows = 0;
    for (int i = 0; i < nodes && depth[breadthFirst[i]] <= DENSE_DEPTH; i++) {
      rows++;
    }
    int[] table = new int[rows * 256];
    for (int i = 0; i < rows; i++) {
      int node = breadthFirst[i];
      int row = i * 256;
      denseRow[node] = row;
      for (int b = 0; b < 256; b++) {
        int next = child(node, (byte) b);
        if (next < 0) {
          // The failure node is shallower, so its row is already filled.
          next = node == 0 ? 0 : table[denseRow[fail[node]] + b];
        }
        table[row + b] = next;
      }
    }
    return table;
  }

  private boolean endsSomething(int node) {
    return node != 0 && (fullPattern[node] >= 0 || prefixOf[node] != null);
  }

  private int child(int node, byte b) {
    if (node == 0) {
      return rootNext[b & 0xff];
    }
    for (int c = firstChild[node]; c >= 0; c = nextSibling[c]) {
      if (edge[c] == b) {
        return c;
      }
    }
    return -1;
  }

  int longestPattern() {
    return longestPattern;
  }

  int patternCount() {
    return patterns.length;
  }

  int patternLength(int pattern) {
    return patternLength[pattern];
  }

  /** The KMP failure table (prefix function) of a long pattern, computed once. */
  private int[] failureTable(int pattern) {
    int[] table = failureTables.get(pattern);
    if (table == null) {
      byte[] p = patterns[pattern];
      table = new int[p.length];
      for (int i = 1, k = 0; i < p.length; i++) {
        while (k > 0 && p[i] != p[k]) {
          k = table[k - 1];
        }
        if (p[i] == p[k]) {
          k++;
        }
        table[i] = k;
      }
      failureTables.compareAndSet(pattern, null, table);
      table = failureTables.get(pattern);
    }
    return table;
  }

  /** Zero-fills everything derived from the patterns. Scans fail afterwards. */
  void close() {
    closed = true;
    Arrays.fill(edge, (byte) 0);
    Arrays.fill(dense, 0);
    Arrays.fill(quiet, 0);
    Arrays.fill(rootNext, -1);
    Arrays.fill(firstChild, -1);
    for (int i = 0; i < patterns.length; i++) {
      if (patterns[i] != null) {
        Arrays.fill(patterns[i], (byte) 0);
      }
      int[] table = failureTables.get(i);
      if (table != null) {
        Arrays.fill(table, 0);
      }
    }
  }

  /** Receives each match as the pattern index and the stream offsets {@code [start, end)}. */
  interface Hits {
    void hit(int pattern, long start, long end);
  }

  /** The matching state over one stream; not thread-safe. */
  final class Scan {
    private int state;
    private long position;
    private final int[] activePattern = new int[longCount];
    private final int[] activeState = new int[longCount];
    private final boolean[] active = new boolean[patterns.length];
    private int activeCount;

    /** Bytes consumed so far. */
    long position() {
      return position;
    }

    /**
     * How many of the last bytes could still be the start of a match: the longest suffix of the stream that
     * is a prefix of some pattern.
     */
    int pending() {
      int longest = depth[state];
      for (int k = 0; k < activeCount; k++) {
        longest = Math.max(longest, activeState[k]);
      }
      return longest;
    }

    void feed(byte[] data, int offset, int length, Hits hits) {
      if (closed) {
        throw new IllegalStateException("the secret matcher was closed");
      }
      int end = offset + length;
      int s = state;
      long base = position - offset; // the stream position before data[i] is base + i
      int[] rows = denseRow;
      int[] outputs = firstOutput;
      int i = offset;
      while (i < end) {
        if (activeCount == 0 && rows[s] >= 0) {
          // Where nearly all text is scanned: near the root, no long pattern followed. One load per byte, until a
          // node that ends something or has no row of its own.
          int[] fast = quiet;
          int r = rows[s];
          int x = 0;
          while (i < end) {
            x = fast[r + (data[i++] & 0xff)];
            if (x < 0) {
              break;
            }
            r = x;
          }
          if (x >= 0) {
            s = rowNode[r >>> 8];
            break;
          }
          s = -x - 1;
        } else {
          byte b = data[i++];
          if (activeCount > 0) {
            stepLongPatterns(b, base + i, hits);
          }
          s = next(s, b);
        }
        if (outputs[s] >= 0) {
          state = s; // keep pending() right should a hit handler ask
          position = base + i;
          report(s, base + i, hits);
        }
      }
      state = s;
      position = base + end;
    }

    /** The trie's transition from {@code s} on {@code b}, following failure links. */
    private int next(int s, byte b) {
      while (true) {
        int row = denseRow[s];
        if (row >= 0) {
          return dense[row + (b & 0xff)];
        }
        int child = child(s, b);
        if (child >= 0) {
          return child;
        }
        s = fail[s]; // shallower each time, so a dense node is reached
      }
    }

    private void report(int s, long after, Hits hits) {
      for (int o = firstOutput[s]; o >= 0; o = dictLink[o]) {
        int full = fullPattern[o];
        if (full >= 0) {
          hits.hit(full, after - patternLength[full], after);
        }
        int[] prefixed = prefixOf[o];
        if (prefixed != null) {
          for (int pattern : prefixed) {
            if (!active[pattern]) {
              active[pattern] = true;
              activePattern[activeCount] = pattern;
              activeState[activeCount++] = PREFIX_LENGTH;
            }
          }
        }
      }
    }

    private void stepLongPatterns(byte b, long after, Hits hits) {
      for (int k = 0; k < activeCount; ) {
        int pattern = activePattern[k];
        byte[] p = patterns[pattern];
        int[] table = failureTable(pattern);
        int st = activeState[k];
        while (st > 0 && p[st] != b) {
          st = table[st - 1];
        }
        if (p[st] == b) {
          st++;
        }
        if (st == p.length) {
          hits.hit(pattern, after - p.length, after);
          st = table[st - 1];
        }
        if (st < PREFIX_LENGTH) {
          // The text left this pattern; the trie will notice if it starts again.
          active[pattern] = false;
          activeCount--;
          activePattern[k] = activePattern[activeCount];
          activeState[k] = activeState[activeCount];
        } else {
          activeState[k] = st;
          k++;
        }
      }
    }
  }
}
