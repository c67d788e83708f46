package dev.stowage.secrets;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits one CSV record the way Go's {@code encoding/csv} reader does with its defaults, which is how BuildKit
 * and buildx read {@code --secret} values: fields are separated by commas; a field that starts with a double
 * quote is quoted, may hold commas, newlines and doubled quotes ({@code ""}), and must end right before a comma
 * or the end; a quote anywhere else is an error. Spaces are kept.
 */
final class CsvRecord {
  private CsvRecord() {}

  /** Thrown with a message in Go's words plus the 1-based column, for example {@code column 5: bare " ...}. */
  static final class CsvException extends IllegalArgumentException {
    CsvException(int column, String reason) {
      super("column " + column + ": " + reason);
    }
  }

  static List<String> split(String line) {
    List<String> fields = new ArrayList<>();
    StringBuilder field = new StringBuilder();
    int i = 0;
    int n = line.length();
    while (true) {
      field.setLength(0);
      if (i < n && line.charAt(i) == '"') {
        i = readQuoted(line, i, field);
      } else {
        i = readPlain(line, i, field);
      }
      fields.add(field.toString());
      if (i >= n) {
        return fields;
      }
      char separator = line.charAt(i);
      if (separator == ',') {
        i++;
        continue;
      }
      // A newline ends the record; Go ignores a trailing one and reads anything after it as the next record.
      if (line.substring(i).strip().isEmpty()) {
        return fields;
      }
      throw new CsvException(i + 1, "the value goes on after a line break; give it on one line");
    }
  }

  private static int readPlain(String line, int start, StringBuilder field) {
    int i = start;
    while (i < line.length()) {
      char c = line.charAt(i);
      if (c == ',' || c == '\n' || c == '\r') {
        break;
      }
      if (c == '"') {
        throw new CsvException(i + 1, "bare \" in non-quoted field (quote the whole field: \"id=a,b\")");
      }
      field.append(c);
      i++;
    }
    return i;
  }

  private static int readQuoted(String line, int start, StringBuilder field) {
    int i = start + 1;
    while (i < line.length()) {
      char c = line.charAt(i);
      if (c != '"') {
        field.append(c);
        i++;
        continue;
      }
      if (i + 1 < line.length() && line.charAt(i + 1) == '"') {
        field.append('"');
        i += 2;
        continue;
      }
      int after = i + 1;
      if (after == line.length() || line.charAt(after) == ',' || line.charAt(after) == '\n'
          || line.charAt(after) == '\r') {
        return after;
      }
      throw new CsvException(after + 1, "extraneous or missing \" in quoted field");
    }
    throw new CsvException(start + 1, "extraneous or missing \" in quoted field (the quote is never closed)");
  }
}
