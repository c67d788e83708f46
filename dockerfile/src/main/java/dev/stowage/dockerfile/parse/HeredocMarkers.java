package dev.stowage.dockerfile.parse;

import dev.stowage.dockerfile.expand.ExpansionException;
import dev.stowage.dockerfile.expand.ShellLexer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds heredoc markers ({@code <<EOF}, {@code <<-EOF}, {@code <<"EOF"}, {@code 3<<EOF}) the way BuildKit's
 * {@code parser/parser.go} does: the line is split into shell words (quotes and escapes kept), and each word that
 * is a marker names one here-document, in order.
 */
final class HeredocMarkers {
  private static final Pattern MARKER = Pattern.compile("^(\\d*)<<(-?)([^<]*)$");
  private static final ShellLexer LINE_WORDS = ShellLexer.of('\\').withRawQuotes(true).withRawEscapes(true);
  private static final ShellLexer NAME = ShellLexer.of('\\').withSkipUnsetEnv(true);

  /** A marker: the delimiter name (quotes removed), whether the body expands, whether tabs are chomped. */
  record Marker(String name, boolean expand, boolean chomp, int fileDescriptor) {}

  private HeredocMarkers() {}

  /** The markers of a line, in order; none when the line cannot be split into words (e.g. an open quote). */
  static List<Marker> inLine(String line) {
    if (!line.contains("<<")) {
      return List.of();
    }
    List<String> words;
    try {
      words = LINE_WORDS.processWords(line, Map.of()).words();
    } catch (ExpansionException unsplittable) {
      return List.of();
    }
    List<Marker> out = new ArrayList<>();
    for (String word : words) {
      parse(word).ifPresent(out::add);
    }
    return out;
  }

  /** The marker this word is, if it is one. */
  static Optional<Marker> parse(String word) {
    Matcher m = MARKER.matcher(word);
    if (!m.matches()) {
      return Optional.empty();
    }
    String rest = m.group(3);
    if (rest.isEmpty()) {
      return Optional.empty();
    }
    int fd = 0;
    if (!m.group(1).isEmpty() && m.group(1).length() < 10) {
      fd = Integer.parseInt(m.group(1));
    }
    boolean chomp = m.group(2).equals("-");
    try {
      List<String> plain = NAME.processWords(rest, Map.of()).words();
      if (plain.size() != 1) {
        return Optional.empty();
      }
      List<String> raw = NAME.withRawQuotes(true).processWords(rest, Map.of()).words();
      if (raw.size() != 1) {
        return Optional.empty();
      }
      // Quotes that disappear when quotes are processed mean part of the delimiter was quoted: no expansion.
      boolean expand = quoteCount(plain.get(0)) == quoteCount(raw.get(0));
      return Optional.of(new Marker(plain.get(0), expand, chomp, fd));
    } catch (ExpansionException notAWord) {
      return Optional.empty();
    }
  }

  private static long quoteCount(String s) {
    return s.chars().filter(c -> c == '\'' || c == '"').count();
  }
}
