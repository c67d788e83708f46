package dev.stowage.cli.image;

import java.io.PrintStream;
import java.util.List;

/** docker's tabwriter look: columns padded to the widest cell plus three spaces. */
final class Tables {
  private Tables() {}

  static void print(List<String[]> rows, PrintStream out) {
    int columns = rows.get(0).length;
    int[] widths = new int[columns];
    for (String[] row : rows) {
      for (int i = 0; i < columns; i++) {
        widths[i] = Math.max(widths[i], row[i].codePointCount(0, row[i].length()));
      }
    }
    for (String[] row : rows) {
      StringBuilder line = new StringBuilder();
      for (int i = 0; i < columns; i++) {
        line.append(row[i]);
        if (i < columns - 1) {
          line.append(" ".repeat(widths[i] - row[i].codePointCount(0, row[i].length()) + 3));
        }
      }
      out.println(line.toString().stripTrailing());
    }
  }
}
