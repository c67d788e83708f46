package dev.stowage.scan.detect;

import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Finds many short ASCII keywords at once, ignoring ASCII case: an Aho-Corasick automaton compiled to a full
 * transition table (one array load per byte), so the prefilter keeps up with decompression. It decides where the
 * credential patterns are worth running; it never decides a finding itself.
 */
final class KeywordAutomaton {
  /** Receives each keyword occurrence. */
  @FunctionalInterface
  interface Hits {
    /** {@code keyword} ends just before {@code end} (an offset in the caller's numbering). */
    void hit(int keyword, long end);
  }

  private final int[] next; // state * 256 + byte -> state
  private final int[][] outputs; // state -> keywords ending here (own and through failure links), or null
  private final int[] lengths;

  KeywordAutomaton(List<String> keywords) {
    if (keywords.isEmpty()) {
      throw new IllegalArgumentException("no keywords");
    }
    lengths = new int[keywords.size()];
    List<int[]> children = new ArrayList<>(); // sparse trie while building
    List<List<Integer>> own = new ArrayList<>();
    children.add(newRow());
    own.add(new ArrayList<>());
    for (int k = 0; k < keywords.size(); k++) {
      byte[] word = keywords.get(k).getBytes(StandardCharsets.US_ASCII);
      if (word.length == 0) {
        throw new IllegalArgumentException("empty keyword");
      }
      lengths[k] = word.length;
      int state = 0;
      for (byte b : word) {
        int c = lower(b & 0xff);
        if (children.get(state)[c] < 0) {
          children.get(state)[c] = children.size();
          children.add(newRow());
          own.add(new ArrayList<>());
        }
        state = children.get(state)[c];
      }
      own.get(state).add(k);
    }
    int states = children.size();
    next = new int[states * 256];
    int[] fail = new int[states];
    outputs = new int[states][];
    ArrayDeque<Integer> queue = new ArrayDeque<>();
    for (int c = 0; c < 256; c++) {
      int child = children.get(0)[c];
      if (child >= 0) {
        next[c] = child;
        fail[child] = 0;
        queue.add(child);
      } else {
        next[c] = 0;
      }
    }
    outputs[0] = null;
    while (!queue.isEmpty()) {
      int state = queue.poll();
      List<Integer> out = new ArrayList<>(own.get(state));
      int[] inherited = outputs[fail[state]];
      if (inherited != null) {
        for (int k : inherited) {
          out.add(k);
        }
      }
      outputs[state] = out.isEmpty() ? null : out.stream().mapToInt(Integer::intValue).toArray();
      for (int c = 0; c < 256; c++) {
        int child = children.get(state)[c];
        if (child >= 0) {
          fail[child] = next[fail[state] * 256 + c];
          next[state * 256 + c] = child;
          queue.add(child);
        } else {
          next[state * 256 + c] = next[fail[state] * 256 + c];
        }
      }
    }
    // Upper-case letters move like their lower-case forms.
    for (int s = 0; s < states; s++) {
      for (int c = 'A'; c <= 'Z'; c++) {
        next[s * 256 + c] = next[s * 256 + c + ('a' - 'A')];
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
    int s = state;
    final int[] table = next;
    final int end = offset + length;
    for (int i = offset; i < end; i++) {
      s = table[(s << 8) | (data[i] & 0xff)];
      int[] out = outputs[s];
      if (out != null) {
        long at = base + (i - offset) + 1;
        for (int k : out) {
          hits.hit(k, at);
        }
      }
    }
    return s;
  }

  private static int[] newRow() {
    int[] row = new int[256];
    Arrays.fill(row, -1);
    return row;
  }

  private static int lower(int c) {
    return c >= 'A' && c <= 'Z' ? c + ('a' - 'A') : c;
  }
}
