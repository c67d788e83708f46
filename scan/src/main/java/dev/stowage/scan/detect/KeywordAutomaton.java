package dev.stowage.scan.detect;

import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Finds many short ASCII keywords at once, ignoring ASCII case: an Aho-Corasick automaton compiled to a
 * deterministic table over byte classes, so the prefilter keeps up with decompression. It decides where the
 * credential patterns are worth running; it never decides a finding itself.
 */
final class KeywordAutomaton {
  /** Receives each keyword occurrence. */
  @FunctionalInterface
  interface Hits {
    /** {@code keyword} ends just before {@code end} (an offset in the caller's numbering). */
    void hit(int keyword, long end);
  }

  /*
   * The transition table is kept small enough for the first-level cache: bytes are mapped to classes first (every
   * byte that occurs in no keyword is one class, upper case shares its lower-case letter's class), rows have a
   * power-of-two stride, and states are numbered so that those ending a keyword come last: one compare per byte
   * tells whether anything ends here.
   */
  private final byte[] classOf = new byte[256];
  private final int shift;
  private final char[] next; // (state << shift) + class -> (next state << shift)
  private final int firstOutput; // states >= this end at least one keyword
  private final int[][] outputs; // state - firstOutput -> keywords ending there (own and through failure links)
  private final int[] lengths;

  KeywordAutomaton(List<String> keywords) {
    if (keywords.isEmpty()) {
      throw new IllegalArgumentException("no keywords");
    }
    lengths = new int[keywords.size()];
    int classes = 1; // class 0: bytes in no keyword
    List<byte[]> words = new ArrayList<>();
    for (String keyword : keywords) {
      byte[] word = keyword.getBytes(StandardCharsets.US_ASCII);
      if (word.length == 0) {
        throw new IllegalArgumentException("empty keyword");
      }
      for (int i = 0; i < word.length; i++) {
        word[i] = (byte) lower(word[i] & 0xff);
        if (classOf[word[i] & 0xff] == 0) {
          classOf[word[i] & 0xff] = (byte) classes++;
        }
      }
      words.add(word);
    }
    for (int c = 'A'; c <= 'Z'; c++) {
      classOf[c] = classOf[c + ('a' - 'A')];
    }
    int stride = Integer.highestOneBit(classes - 1) << 1;
    shift = Integer.numberOfTrailingZeros(Math.max(stride, 2));

    // The trie over classes.
    List<int[]> children = new ArrayList<>();
    List<List<Integer>> own = new ArrayList<>();
    children.add(newRow(classes));
    own.add(new ArrayList<>());
    for (int k = 0; k < words.size(); k++) {
      byte[] word = words.get(k);
      lengths[k] = word.length;
      int state = 0;
      for (byte b : word) {
        int c = classOf[b & 0xff];
        if (children.get(state)[c] < 0) {
          children.get(state)[c] = children.size();
          children.add(newRow(classes));
          own.add(new ArrayList<>());
        }
        state = children.get(state)[c];
      }
      own.get(state).add(k);
    }
    int states = children.size();
    if (states >= Character.MAX_VALUE) {
      throw new IllegalArgumentException("too many keywords");
    }
    // Aho-Corasick failure links, breadth first, as a full table over classes.
    int[][] full = new int[states][classes];
    int[] fail = new int[states];
    List<List<Integer>> out = new ArrayList<>();
    for (int i = 0; i < states; i++) {
      out.add(new ArrayList<>());
    }
    ArrayDeque<Integer> queue = new ArrayDeque<>();
    for (int c = 0; c < classes; c++) {
      int child = children.get(0)[c];
      full[0][c] = child >= 0 ? child : 0;
      if (child >= 0) {
        queue.add(child);
      }
    }
    while (!queue.isEmpty()) {
      int state = queue.poll();
      out.get(state).addAll(own.get(state));
      out.get(state).addAll(out.get(fail[state]));
      for (int c = 0; c < classes; c++) {
        int child = children.get(state)[c];
        if (child >= 0) {
          fail[child] = full[fail[state]][c];
          full[state][c] = child;
          queue.add(child);
        } else {
          full[state][c] = full[fail[state]][c];
        }
      }
    }
    // Number the states that end a keyword last; the root stays 0 (it ends none).
    int[] number = new int[states];
    int counter = 0;
    for (int s = 0; s < states; s++) {
      if (out.get(s).isEmpty()) {
        number[s] = counter++;
      }
    }
    firstOutput = counter;
    outputs = new int[states - firstOutput][];
    for (int s = 0; s < states; s++) {
      if (!out.get(s).isEmpty()) {
        number[s] = counter++;
        outputs[number[s] - firstOutput] = out.get(s).stream().mapToInt(Integer::intValue).toArray();
      }
    }
    if ((states << shift) > Character.MAX_VALUE) {
      throw new IllegalArgumentException("too many keywords");
    }
    // Entries hold the next state's row offset (state << shift): one add per byte on the critical path.
    next = new char[states << shift];
    for (int s = 0; s < states; s++) {
      for (int c = 0; c < classes; c++) {
        next[(number[s] << shift) + c] = (char) (number[full[s][c]] << shift);
      }
    }
  }

  /** The length of keyword {@code k}. */
  int length(int k) {
    return lengths[k];
  }

  /**
   * Runs {@code length} bytes through the automaton from {@code state} and returns the state after them; every
   * keyword ending in them is reported with its end offset, counting {@code data[offset]} as {@code base}.
   */
  int scan(int state, byte[] data, int offset, int length, long base, Hits hits) {
    int row = state << shift;
    final char[] table = next;
    final byte[] classes = classOf;
    final int first = firstOutput << shift;
    final int end = offset + length;
    for (int i = offset; i < end; i++) {
      row = table[row + classes[data[i] & 0xff]];
      if (row >= first) {
        long at = base + (i - offset) + 1;
        for (int k : outputs[(row >> shift) - firstOutput]) {
          hits.hit(k, at);
        }
      }
    }
    return row >> shift;
  }

  private static int[] newRow(int classes) {
    int[] row = new int[classes];
    Arrays.fill(row, -1);
    return row;
  }

  private static int lower(int c) {
    return c >= 'A' && c <= 'Z' ? c + ('a' - 'A') : c;
  }
}
