package dev.stowage.cli.lint;

import java.util.ArrayList;
import java.util.List;

/** A unified diff (as {@code diff -u}) of two texts, line by line, with three lines of context. */
final class UnifiedDiff {
  private static final int CONTEXT = 3;
  private static final long MAX_CELLS = 25_000_000L;

  private UnifiedDiff() {}

  private record Edit(char op, String line, int oldLine, int newLine) {}

  static String diff(String oldName, String newName, String oldText, String newText) {
    List<String> a = lines(oldText);
    List<String> b = lines(newText);
    List<Edit> edits = edits(a, b);
    if (edits.stream().allMatch(e -> e.op() == ' ')) {
      return "";
    }
    StringBuilder out = new StringBuilder();
    out.append("--- ").append(oldName).append('\n').append("+++ ").append(newName).append('\n');
    int i = 0;
    while (i < edits.size()) {
      if (edits.get(i).op() == ' ') {
        i++;
        continue;
      }
      int start = Math.max(0, i - CONTEXT);
      int end = i;
      int lastChange = i;
      while (end < edits.size() && (edits.get(end).op() != ' ' || end - lastChange <= 2 * CONTEXT)) {
        if (edits.get(end).op() != ' ') {
          lastChange = end;
        }
        end++;
      }
      end = Math.min(edits.size(), lastChange + CONTEXT + 1);
      int oldStart = 0;
      int newStart = 0;
      int oldCount = 0;
      int newCount = 0;
      StringBuilder hunk = new StringBuilder();
      for (int k = start; k < end; k++) {
        Edit e = edits.get(k);
        if (e.op() != '+' && oldStart == 0) {
          oldStart = e.oldLine();
        }
        if (e.op() != '-' && newStart == 0) {
          newStart = e.newLine();
        }
        oldCount += e.op() != '+' ? 1 : 0;
        newCount += e.op() != '-' ? 1 : 0;
        hunk.append(e.op()).append(e.line()).append('\n');
      }
      out.append("@@ -").append(range(oldStart, oldCount, edits, start, true)).append(" +")
          .append(range(newStart, newCount, edits, start, false)).append(" @@\n").append(hunk);
      i = end;
    }
    return out.toString();
  }

  private static String range(int start, int count, List<Edit> edits, int from, boolean old) {
    if (count == 0) {
      // an empty side: diff -u names the line before the hunk
      int before = 0;
      for (int k = from - 1; k >= 0; k--) {
        Edit e = edits.get(k);
        if (old ? e.op() != '+' : e.op() != '-') {
          before = old ? e.oldLine() : e.newLine();
          break;
        }
      }
      return before + ",0";
    }
    return count == 1 ? Integer.toString(start) : start + "," + count;
  }

  private static List<Edit> edits(List<String> a, List<String> b) {
    int n = a.size();
    int m = b.size();
    List<Edit> out = new ArrayList<>();
    if ((long) n * m > MAX_CELLS) {
      for (int i = 0; i < n; i++) {
        out.add(new Edit('-', a.get(i), i + 1, 0));
      }
      for (int j = 0; j < m; j++) {
        out.add(new Edit('+', b.get(j), 0, j + 1));
      }
      return out;
    }
    int[][] lcs = new int[n + 1][m + 1];
    for (int i = n - 1; i >= 0; i--) {
      for (int j = m - 1; j >= 0; j--) {
        lcs[i][j] = a.get(i).equals(b.get(j)) ? lcs[i + 1][j + 1] + 1 : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
      }
    }
    int i = 0;
    int j = 0;
    while (i < n || j < m) {
      if (i < n && j < m && a.get(i).equals(b.get(j))) {
        out.add(new Edit(' ', a.get(i), i + 1, j + 1));
        i++;
        j++;
      } else if (j < m && (i == n || lcs[i][j + 1] > lcs[i + 1][j])) {
        out.add(new Edit('+', b.get(j), 0, j + 1));
        j++;
      } else {
        out.add(new Edit('-', a.get(i), i + 1, 0));
        i++;
      }
    }
    return out;
  }

  private static List<String> lines(String text) {
    List<String> lines = new ArrayList<>(List.of(text.split("\r?\n", -1)));
    if (!lines.isEmpty() && lines.getLast().isEmpty()) {
      lines.removeLast();
    }
    return lines;
  }
}
