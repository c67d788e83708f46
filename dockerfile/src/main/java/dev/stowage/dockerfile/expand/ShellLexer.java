package dev.stowage.dockerfile.expand;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Shell-like word processing with the semantics of BuildKit's {@code shell/lex.go}: single and double quotes,
 * the escape token (backslash, or backtick under {@code # escape=`}), {@code $X}, {@code ${X}} and the
 * {@code ${X:-d} ${X-d} ${X:+a} ${X+a} ${X:?m} ${X?m} ${X#p} ${X##p} ${X%p} ${X%%p} ${X/p/r} ${X//p/r}} forms.
 * Immutable; each call is a pure function of its inputs.
 */
public final class ShellLexer {
  /** Deeper {@code ${...${...}}} nesting is refused rather than risking the stack. */
  public static final int MAX_NESTING = 200;

  private static final int EOF = -1;

  private final char escapeToken;
  private final boolean rawQuotes;
  private final boolean rawEscapes;
  private final boolean skipUnsetEnv;
  private final boolean skipProcessQuotes;

  private ShellLexer(char escapeToken, boolean rawQuotes, boolean rawEscapes, boolean skipUnsetEnv,
      boolean skipProcessQuotes) {
    if (escapeToken != '\\' && escapeToken != '`') {
      throw new IllegalArgumentException("escape token must be \\ or `, got " + escapeToken);
    }
    this.escapeToken = escapeToken;
    this.rawQuotes = rawQuotes;
    this.rawEscapes = rawEscapes;
    this.skipUnsetEnv = skipUnsetEnv;
    this.skipProcessQuotes = skipProcessQuotes;
  }

  /** The lexer the builder uses to expand instruction arguments. */
  public static ShellLexer of(char escapeToken) {
    return new ShellLexer(escapeToken, false, false, false, false);
  }

  /** Keep quote characters in the output (used to find heredoc markers as written). */
  public ShellLexer withRawQuotes(boolean raw) {
    return new ShellLexer(escapeToken, raw, rawEscapes, skipUnsetEnv, skipProcessQuotes);
  }

  /** Keep escape tokens in the output. */
  public ShellLexer withRawEscapes(boolean raw) {
    return new ShellLexer(escapeToken, rawQuotes, raw, skipUnsetEnv, skipProcessQuotes);
  }

  /** Leave references to unset variables as written instead of expanding them to empty. */
  public ShellLexer withSkipUnsetEnv(boolean skip) {
    return new ShellLexer(escapeToken, rawQuotes, rawEscapes, skip, skipProcessQuotes);
  }

  /** Treat quotes as ordinary characters (used for heredoc bodies, where only {@code $} is special). */
  public ShellLexer withSkipProcessQuotes(boolean skip) {
    return new ShellLexer(escapeToken, rawQuotes, rawEscapes, skipUnsetEnv, skip);
  }

  public char escapeToken() {
    return escapeToken;
  }

  /**
   * Expands one word; white space is kept as is.
   *
   * @throws ExpansionException on bad syntax or {@code ${X?message}} with X unset
   */
  public Expansion processWord(String word, Map<String, String> env) {
    Run run = new Run(word, env);
    Result r = run.process();
    return new Expansion(r.text, run.used, run.undefined);
  }

  /**
   * Expands, then splits into words on unquoted white space (white space from variable values splits too).
   *
   * @throws ExpansionException on bad syntax or {@code ${X?message}} with X unset
   */
  public WordsExpansion processWords(String word, Map<String, String> env) {
    Run run = new Run(word, env);
    Result r = run.process();
    return new WordsExpansion(r.words, run.used, run.undefined);
  }

  private record Result(String text, List<String> words) {}

  /** Splits output into words the way BuildKit's wordsStruct does. */
  private static final class Words {
    private final StringBuilder word = new StringBuilder();
    private final List<String> words = new ArrayList<>();
    private boolean inWord;

    void addChar(int ch) {
      if (GoChars.isSpace(ch) && inWord) {
        if (!word.isEmpty()) {
          words.add(word.toString());
          word.setLength(0);
          inWord = false;
        }
      } else if (!GoChars.isSpace(ch)) {
        addRawChar(ch);
      }
    }

    void addRawChar(int ch) {
      word.appendCodePoint(ch);
      inWord = true;
    }

    void addString(String s) {
      s.codePoints().forEach(this::addChar);
    }

    void addRawString(String s) {
      word.append(s);
      inWord = true;
    }

    List<String> finish() {
      if (!word.isEmpty()) {
        words.add(word.toString());
        word.setLength(0);
        inWord = false;
      }
      return words;
    }
  }

  /** One processing pass over a word: a cursor plus the variables seen. */
  private final class Run {
    private final String source;
    private final Map<String, String> env;
    private final Set<String> used = new LinkedHashSet<>();
    private final Set<String> undefined = new LinkedHashSet<>();
    private int pos;
    private boolean rawEscapesNow = rawEscapes;
    private int depth;

    Run(String source, Map<String, String> env) {
      this.source = Objects.requireNonNull(source, "word");
      this.env = Objects.requireNonNull(env, "env");
    }

    Result process() {
      return processStopOn(EOF, rawEscapesNow);
    }

    private ExpansionException error(String reason) {
      return new ExpansionException(source, reason);
    }

    private int peek() {
      return pos < source.length() ? source.codePointAt(pos) : EOF;
    }

    private int next() {
      if (pos >= source.length()) {
        return EOF;
      }
      int cp = source.codePointAt(pos);
      pos += Character.charCount(cp);
      return cp;
    }

    private Result processStopOn(int stopChar, boolean rawEscapesHere) {
      boolean saved = rawEscapesNow;
      rawEscapesNow = rawEscapesHere;
      try {
        StringBuilder result = new StringBuilder();
        Words words = new Words();
        while (peek() != EOF) {
          int ch = peek();
          if (stopChar != EOF && ch == stopChar) {
            next();
            return new Result(result.toString(), words.finish());
          }
          if (ch == '$') {
            String tmp = processDollar();
            result.append(tmp);
            words.addString(tmp);
          } else if (!skipProcessQuotes && ch == '\'') {
            String tmp = processSingleQuote();
            result.append(tmp);
            words.addRawString(tmp);
          } else if (!skipProcessQuotes && ch == '"') {
            String tmp = processDoubleQuote();
            result.append(tmp);
            words.addRawString(tmp);
          } else {
            ch = next();
            if (ch == escapeToken) {
              if (rawEscapesNow) {
                words.addRawChar(ch);
                result.appendCodePoint(ch);
              }
              ch = next();
              if (ch == EOF) {
                break; // an escape at the very end is dropped
              }
              words.addRawChar(ch);
            } else {
              words.addChar(ch);
            }
            result.appendCodePoint(ch);
          }
        }
        if (stopChar != EOF) {
          throw error("unexpected end of statement while looking for matching " + Character.toString(stopChar));
        }
        return new Result(result.toString(), words.finish());
      } finally {
        rawEscapesNow = saved;
      }
    }

    private String processSingleQuote() {
      StringBuilder result = new StringBuilder();
      int ch = next();
      if (rawQuotes) {
        result.appendCodePoint(ch);
      }
      while (true) {
        ch = next();
        if (ch == EOF) {
          throw error("unexpected end of statement while looking for matching single-quote");
        }
        if (ch == '\'') {
          if (rawQuotes) {
            result.appendCodePoint(ch);
          }
          return result.toString();
        }
        result.appendCodePoint(ch);
      }
    }

    private String processDoubleQuote() {
      StringBuilder result = new StringBuilder();
      int ch = next();
      if (rawQuotes) {
        result.appendCodePoint(ch);
      }
      while (true) {
        int p = peek();
        if (p == EOF) {
          throw error("unexpected end of statement while looking for matching double-quote");
        } else if (p == '"') {
          ch = next();
          if (rawQuotes) {
            result.appendCodePoint(ch);
          }
          return result.toString();
        } else if (p == '$') {
          result.append(processDollar());
        } else {
          ch = next();
          if (ch == escapeToken) {
            if (rawEscapesNow) {
              result.appendCodePoint(ch);
            }
            int after = peek();
            if (after == EOF) {
              continue; // reported as the missing closing quote
            }
            if (after == '"' || after == '$' || after == escapeToken) {
              ch = next();
            }
          }
          result.appendCodePoint(ch);
        }
      }
    }

    private String processDollar() {
      next(); // '$'
      if (peek() != '{') {
        String name = processName();
        if (name.isEmpty()) {
          return "$";
        }
        String value = lookup(name);
        if (value == null && skipUnsetEnv) {
          return "$" + name;
        }
        return value == null ? "" : value;
      }
      next(); // '{'
      int first = peek();
      if (first == EOF) {
        throw error("syntax error: missing '}'");
      }
      if (first == '{' || first == '}' || first == ':') {
        throw error("syntax error: bad substitution");
      }
      if (++depth > MAX_NESTING) {
        throw error("variable substitutions nested more than " + MAX_NESTING + " deep");
      }
      try {
        return processBraced();
      } finally {
        depth--;
      }
    }

    private String processBraced() {
      String name = processName();
      int ch = next();
      if (ch == EOF) {
        throw error("syntax error: missing '}'");
      }
      String chs = Character.toString(ch);
      boolean nullIsUnset = false;
      if (ch == '}') {
        String value = lookup(name);
        if (value == null && skipUnsetEnv) {
          return "${" + name + "}";
        }
        return value == null ? "" : value;
      }
      if (ch == '/') {
        return processReplace(name);
      }
      if (ch == ':') {
        nullIsUnset = true;
        ch = next();
        if (ch == EOF) {
          throw error("syntax error: missing '}'");
        }
        chs += Character.toString(ch);
      } else if (ch != '+' && ch != '-' && ch != '?' && ch != '#' && ch != '%') {
        throw error("unsupported modifier (" + chs + ") in substitution");
      }
      boolean rawHere = ch == '#' || ch == '%';
      String word;
      try {
        word = processStopOn('}', rawHere).text;
      } catch (ExpansionException e) {
        if (peek() == EOF) {
          throw error("syntax error: missing '}'");
        }
        throw e;
      }
      String value = lookup(name);
      boolean set = value != null;
      if (skipUnsetEnv && !set) {
        return "${" + name + chs + word + "}";
      }
      boolean empty = !set || (nullIsUnset && value.isEmpty());
      switch (ch) {
        case '-':
          return empty ? word : value;
        case '+':
          return empty ? "" : word;
        case '?':
          if (!set) {
            throw error(name + ": " + (word.isEmpty() ? "is not allowed to be unset" : word));
          }
          if (nullIsUnset && value.isEmpty()) {
            throw error(name + ": " + (word.isEmpty() ? "is not allowed to be empty" : word));
          }
          return value;
        case '%':
        case '#': {
          boolean greedy = false;
          if (!word.isEmpty() && word.charAt(0) == ch) {
            greedy = true;
            word = word.substring(1);
          }
          String v = value == null ? "" : value;
          return ch == '%' ? trimSuffix(word, v, greedy) : trimPrefix(word, v, greedy);
        }
        default:
          throw error("unsupported modifier (" + chs + ") in substitution");
      }
    }

    private String processReplace(String name) {
      boolean replaceAll = peek() == '/';
      if (replaceAll) {
        next();
      }
      String pattern;
      try {
        pattern = processStopOn('/', true).text;
      } catch (ExpansionException e) {
        if (peek() == EOF) {
          throw error("syntax error: missing '/' in ${}");
        }
        throw e;
      }
      String replacement;
      try {
        replacement = processStopOn('}', true).text;
      } catch (ExpansionException e) {
        if (peek() == EOF) {
          throw error("syntax error: missing '}'");
        }
        throw e;
      }
      String value = lookup(name);
      if (skipUnsetEnv && value == null) {
        return "${" + name + "/" + pattern + "/" + replacement + "}";
      }
      String v = value == null ? "" : value;
      ShellPattern compiled = compile(pattern);
      int[] text = v.codePoints().toArray();
      int[] ends;
      try {
        ends = compiled.matchEnds(text, true);
      } catch (IllegalArgumentException tooLarge) {
        throw error(tooLarge.getMessage());
      }
      if (!replaceAll) {
        int start = firstMatch(ends, 0);
        return start < 0 ? v : cps(text, 0, start) + replacement + cps(text, ends[start], text.length);
      }
      // Go's ReplaceAllString: successive non-overlapping matches; an empty match right after a match is skipped.
      StringBuilder out = new StringBuilder();
      int searchPos = 0;
      int lastMatchEnd = 0;
      while (searchPos <= text.length) {
        int start = firstMatch(ends, searchPos);
        if (start < 0) {
          break;
        }
        int end = ends[start];
        out.append(cps(text, lastMatchEnd, start));
        if (end > lastMatchEnd || start == 0) {
          out.append(replacement);
        }
        lastMatchEnd = end;
        searchPos = Math.max(searchPos + 1, end);
      }
      out.append(cps(text, lastMatchEnd, text.length));
      return out.toString();
    }

    private static int firstMatch(int[] ends, int from) {
      for (int s = from; s < ends.length; s++) {
        if (ends[s] >= 0) {
          return s;
        }
      }
      return -1;
    }

    private ShellPattern compile(String pattern) {
      try {
        return ShellPattern.compile(pattern);
      } catch (IllegalArgumentException e) {
        throw error("invalid pattern (" + pattern + ") in substitution: " + e.getMessage());
      }
    }

    private String trimPrefix(String pattern, String value, boolean greedy) {
      ShellPattern compiled = compile(pattern);
      int[] text = value.codePoints().toArray();
      try {
        int end = compiled.matchEnds(text, greedy)[0];
        return end < 0 ? value : cps(text, end, text.length);
      } catch (IllegalArgumentException tooLarge) {
        throw error(tooLarge.getMessage());
      }
    }

    private String trimSuffix(String pattern, String value, boolean greedy) {
      // Suffix matching is prefix matching of the reversed pattern on the reversed value.
      String reversedValue = new StringBuilder(value).reverse().toString();
      String trimmed = trimPrefix(ShellPattern.reverse(pattern), reversedValue, greedy);
      return new StringBuilder(trimmed).reverse().toString();
    }

    private String processName() {
      StringBuilder name = new StringBuilder();
      while (peek() != EOF) {
        int ch = peek();
        if (name.isEmpty() && Character.isDigit(ch)) {
          while (peek() != EOF && Character.isDigit(peek())) {
            name.appendCodePoint(next());
          }
          return name.toString();
        }
        if (name.isEmpty() && isSpecialParam(ch)) {
          return Character.toString(next());
        }
        if (!Character.isLetter(ch) && !Character.isDigit(ch) && ch != '_') {
          break;
        }
        name.appendCodePoint(next());
      }
      return name.toString();
    }

    /** The value, or null when unset; records the name as used or undefined. */
    private String lookup(String name) {
      String value = env.get(name);
      if (value != null) {
        used.add(name);
      } else {
        undefined.add(name);
      }
      return value;
    }
  }

  private static boolean isSpecialParam(int ch) {
    return switch (ch) {
      case '@', '*', '#', '?', '-', '$', '!', '0' -> true;
      default -> false;
    };
  }

  private static String cps(int[] text, int from, int to) {
    return new String(text, from, Math.max(0, to - from));
  }
}
