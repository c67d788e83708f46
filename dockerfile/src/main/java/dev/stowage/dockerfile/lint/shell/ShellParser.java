package dev.stowage.dockerfile.lint.shell;

import dev.stowage.dockerfile.lint.shell.Script.Command;
import dev.stowage.dockerfile.lint.shell.Script.Group;
import dev.stowage.dockerfile.lint.shell.Script.Node;
import dev.stowage.dockerfile.lint.shell.Script.Statement;
import dev.stowage.dockerfile.lint.shell.ShellWord.VariableRef;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * A tolerant parser for the POSIX shell a RUN line holds. It never throws: text it cannot follow ends the current
 * statement, and whatever was understood is returned.
 */
public final class ShellParser {
  private static final int MAX_DEPTH = 40;
  private static final Set<String> LIST_END = Set.of("then", "elif", "else", "fi", "do", "done", "esac", "}");

  private final String src;
  private final int depth;
  private final List<Token> tokens = new ArrayList<>();
  private final List<Integer> pendingHeredocs = new ArrayList<>();
  private int pos;

  private ShellParser(String src, int depth) {
    this.src = src;
    this.depth = depth;
  }

  /** Parses a script; never fails. */
  public static Script parse(String script) {
    return parse(script, 0);
  }

  private static Script parse(String script, int depth) {
    if (depth > MAX_DEPTH) {
      return new Script(List.of());
    }
    ShellParser parser = new ShellParser(script, depth);
    try {
      parser.lex();
      List<Statement> statements = new ArrayList<>();
      while (parser.pos < parser.tokens.size()) {
        int before = parser.pos;
        statements.addAll(parser.parseList(Set.of()));
        if (parser.pos == before) {
          parser.pos++; // skip a token nothing could start with, e.g. a stray ')'
        }
      }
      return new Script(statements);
    } catch (RuntimeException malformed) {
      return new Script(List.of());
    }
  }

  // ---------------------------------------------------------------- tokens

  private record Token(boolean operator, String text, ShellWord word, String body, boolean expands) {
    Token(boolean operator, String text, ShellWord word) {
      this(operator, text, word, null, false);
    }

    boolean isOp(String op) {
      return operator && text.equals(op);
    }

    boolean isWord(String w) {
      return !operator && word.raw().equals(w);
    }

    boolean isSeparator() {
      return operator && (text.equals(";") || text.equals("\n") || text.equals("&"));
    }
  }

  private void lex() {
    int i = 0;
    int n = src.length();
    while (i < n) {
      char c = src.charAt(i);
      if (c == ' ' || c == '\t' || c == '\r') {
        i++;
      } else if (c == '\\' && i + 1 < n && src.charAt(i + 1) == '\n') {
        i += 2; // line continuation
      } else if (c == '#') {
        while (i < n && src.charAt(i) != '\n') {
          i++;
        }
      } else if (c == '\n') {
        tokens.add(op("\n"));
        i = pendingHeredocs.isEmpty() ? i + 1 : readHeredocBodies(i + 1);
      } else if (isOperatorStart(src, i)) {
        i = lexOperator(i, -1);
      } else {
        WordReader reader = new WordReader(i);
        ShellWord word = reader.read();
        i = reader.end;
        if (i < n && (src.charAt(i) == '<' || src.charAt(i) == '>') && word.raw().chars().allMatch(Character::isDigit)
            && !word.raw().isEmpty() && word.raw().length() < 3) {
          i = lexOperator(i, Integer.parseInt(word.raw()));
        } else {
          tokens.add(new Token(false, word.raw(), word));
        }
      }
    }
  }

  /** Reads the bodies of the here-documents opened on the line that just ended; returns where the script resumes. */
  private int readHeredocBodies(int i) {
    int n = src.length();
    for (int index : pendingHeredocs) {
      Token t = tokens.get(index);
      boolean chomp = t.text.startsWith("<<-");
      String delimiter = t.word.literal();
      boolean expands = t.word.raw().equals(delimiter);
      StringBuilder body = new StringBuilder();
      while (i < n) {
        int end = src.indexOf('\n', i);
        String line = src.substring(i, end < 0 ? n : end);
        i = end < 0 ? n : end + 1;
        String compared = chomp ? line.replaceFirst("^\t+", "") : line;
        if (compared.equals(delimiter)) {
          break;
        }
        body.append(compared).append('\n');
      }
      tokens.set(index, new Token(false, t.text, t.word, body.toString(), expands));
    }
    pendingHeredocs.clear();
    return i;
  }

  private static boolean isOperatorStart(String s, int i) {
    char c = s.charAt(i);
    return c == ';' || c == '&' || c == '|' || c == '(' || c == ')' || c == '<' || c == '>';
  }

  private static final String[] OPERATORS = {
    "&>>", "<<<", "<<-", ";;", "&&", "||", "|&", "&>", ">>", ">|", ">&", "<&", "<<", "<>", ";", "&", "|", "(", ")",
    "<", ">"
  };

  private int lexOperator(int i, int fd) {
    for (String op : OPERATORS) {
      if (src.startsWith(op, i)) {
        i += op.length();
        if (op.startsWith("<") || op.contains(">")) {
          // a redirection: its target is the next word
          while (i < src.length() && (src.charAt(i) == ' ' || src.charAt(i) == '\t')) {
            i++;
          }
          WordReader reader = new WordReader(i);
          ShellWord target = reader.read();
          i = reader.end;
          tokens.add(new Token(true, "redirect", null));
          tokens.add(new Token(false, op + "\u0000" + fd, target));
          if (op.equals("<<") || op.equals("<<-")) {
            pendingHeredocs.add(tokens.size() - 1);
          }
        } else {
          tokens.add(op(op));
        }
        return i;
      }
    }
    return i + 1;
  }

  private static Token op(String text) {
    return new Token(true, text, null);
  }

  /** Reads one word from {@code start}, stopping at unquoted white space or an operator character. */
  private final class WordReader {
    private final StringBuilder literal = new StringBuilder();
    private final List<VariableRef> variables = new ArrayList<>();
    private final List<Script> substitutions = new ArrayList<>();
    private final int start;
    private int end;

    WordReader(int start) {
      this.start = start;
      this.end = start;
    }

    ShellWord read() {
      int i = start;
      int n = src.length();
      while (i < n) {
        char c = src.charAt(i);
        if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || (isOperatorStart(src, i) && !(c == '(' && i > start
            && src.charAt(i - 1) == '='))) {
          break;
        }
        if (c == '\'') {
          int close = src.indexOf('\'', i + 1);
          close = close < 0 ? n : close;
          literal.append(src, i + 1, close);
          i = Math.min(n, close + 1);
        } else if (c == '"') {
          i = readDoubleQuoted(i + 1);
        } else if (c == '\\') {
          if (i + 1 < n && src.charAt(i + 1) != '\n') {
            literal.append(src.charAt(i + 1));
          }
          i += 2;
        } else if (c == '$') {
          i = readDollar(i);
        } else if (c == '`') {
          i = readBackquote(i);
        } else {
          literal.append(c);
          i++;
        }
      }
      end = Math.min(i, n);
      return new ShellWord(src.substring(start, end), literal.toString(), variables, substitutions);
    }

    private int readDoubleQuoted(int i) {
      int n = src.length();
      while (i < n && src.charAt(i) != '"') {
        char c = src.charAt(i);
        if (c == '\\' && i + 1 < n) {
          char next = src.charAt(i + 1);
          if (next == '$' || next == '`' || next == '"' || next == '\\') {
            literal.append(next);
          } else if (next != '\n') {
            literal.append(c).append(next);
          }
          i += 2;
        } else if (c == '$') {
          i = readDollar(i);
        } else if (c == '`') {
          i = readBackquote(i);
        } else {
          literal.append(c);
          i++;
        }
      }
      return Math.min(n, i + 1);
    }

    private int readDollar(int i) {
      int n = src.length();
      if (i + 1 >= n) {
        literal.append('$');
        return i + 1;
      }
      char next = src.charAt(i + 1);
      if (next == '(' && i + 2 < n && src.charAt(i + 2) == '(') {
        int close = matchParen(i + 1);
        literal.append(src, i, close);
        return close;
      }
      if (next == '(') {
        int close = matchParen(i + 1);
        substitutions.add(ShellParser.parse(src.substring(i + 2, Math.max(i + 2, close - 1)), depth + 1));
        literal.append(src, i, close);
        return close;
      }
      if (next == '{') {
        int close = matchBrace(i + 1);
        String inner = src.substring(i + 2, Math.max(i + 2, close - 1));
        parameterExpansion(inner);
        literal.append(src, i, close);
        return close;
      }
      if (Character.isLetter(next) || next == '_') {
        int j = i + 1;
        while (j < n && (Character.isLetterOrDigit(src.charAt(j)) || src.charAt(j) == '_')) {
          j++;
        }
        variables.add(new VariableRef(src.substring(i + 1, j), true));
        literal.append(src, i, j);
        return j;
      }
      if ("@*#?$!-0123456789".indexOf(next) >= 0) {
        literal.append(src, i, i + 2);
        return i + 2;
      }
      literal.append('$');
      return i + 1;
    }

    private void parameterExpansion(String inner) {
      if (inner.startsWith("#") && inner.length() > 1) {
        variables.add(new VariableRef(inner.substring(1), false));
        return;
      }
      int j = 0;
      while (j < inner.length() && (Character.isLetterOrDigit(inner.charAt(j)) || inner.charAt(j) == '_')) {
        j++;
      }
      if (j == 0) {
        return;
      }
      String name = inner.substring(0, j);
      String rest = inner.substring(j);
      boolean replaced = rest.startsWith(":+") || rest.startsWith("+");
      variables.add(new VariableRef(name, !replaced));
      if (!replaced && rest.length() > 1 && (rest.startsWith(":-") || rest.startsWith("-") || rest.startsWith(":=")
          || rest.startsWith("="))) {
        // the default word may itself expand variables or run commands
        WordReader nested = new ShellParser(rest.substring(rest.charAt(0) == ':' ? 2 : 1), depth + 1).new WordReader(0);
        ShellWord word = nested.readAll();
        variables.addAll(word.variables());
        substitutions.addAll(word.substitutions());
      }
    }

    /** Reads the whole remaining text as one word (used for the default of {@code ${X:-word}}). */
    ShellWord readAll() {
      StringBuilder all = new StringBuilder();
      int i = 0;
      List<VariableRef> vars = new ArrayList<>();
      List<Script> subs = new ArrayList<>();
      while (i < src.length()) {
        WordReader reader = new WordReader(i);
        ShellWord w = reader.read();
        vars.addAll(w.variables());
        subs.addAll(w.substitutions());
        all.append(w.literal());
        i = Math.max(reader.end, i) + 1;
      }
      return new ShellWord(src, all.toString(), vars, subs);
    }

    private int readBackquote(int i) {
      int n = src.length();
      int j = i + 1;
      StringBuilder inner = new StringBuilder();
      while (j < n && src.charAt(j) != '`') {
        if (src.charAt(j) == '\\' && j + 1 < n) {
          inner.append(src.charAt(j + 1));
          j += 2;
        } else {
          inner.append(src.charAt(j++));
        }
      }
      substitutions.add(ShellParser.parse(inner.toString(), depth + 1));
      int close = Math.min(n, j + 1);
      literal.append(src, i, close);
      return close;
    }
  }

  /** The index just past the ')' matching the '(' at {@code open}, skipping quotes; the end of text if none. */
  private int matchParen(int open) {
    int level = 0;
    int n = src.length();
    for (int i = open; i < n; i++) {
      char c = src.charAt(i);
      if (c == '\\') {
        i++;
      } else if (c == '\'') {
        int close = src.indexOf('\'', i + 1);
        i = close < 0 ? n : close;
      } else if (c == '"') {
        i = skipDoubleQuoted(i + 1);
      } else if (c == '(') {
        level++;
      } else if (c == ')') {
        level--;
        if (level == 0) {
          return i + 1;
        }
      }
    }
    return n;
  }

  private int matchBrace(int open) {
    int level = 0;
    int n = src.length();
    for (int i = open; i < n; i++) {
      char c = src.charAt(i);
      if (c == '\\') {
        i++;
      } else if (c == '\'') {
        int close = src.indexOf('\'', i + 1);
        i = close < 0 ? n : close;
      } else if (c == '"') {
        i = skipDoubleQuoted(i + 1);
      } else if (c == '{') {
        level++;
      } else if (c == '}') {
        level--;
        if (level == 0) {
          return i + 1;
        }
      }
    }
    return n;
  }

  private int skipDoubleQuoted(int i) {
    int n = src.length();
    while (i < n && src.charAt(i) != '"') {
      if (src.charAt(i) == '\\') {
        i++;
      } else if (src.startsWith("$(", i)) {
        i = matchParen(i + 1) - 1;
      }
      i++;
    }
    return i;
  }

  // ---------------------------------------------------------------- grammar

  private Token peek() {
    return pos < tokens.size() ? tokens.get(pos) : null;
  }

  /** Statements until EOF, a ')' or a reserved word of {@code ends} at command position (not consumed). */
  private List<Statement> parseList(Set<String> ends) {
    List<Statement> statements = new ArrayList<>();
    while (true) {
      skipSeparators();
      Token t = peek();
      if (t == null || t.isOp(")") || t.isOp(";;")) {
        return statements;
      }
      if (!t.operator && (ends.contains(t.word.raw()) || LIST_END.contains(t.word.raw()) && !ends.isEmpty())) {
        return statements;
      }
      int before = pos;
      List<Node> pipeline = parsePipeline(ends);
      String connector = "";
      Token after = peek();
      if (after != null && after.operator && (after.text.equals("&&") || after.text.equals("||")
          || after.isSeparator())) {
        connector = after.text;
        pos++;
      }
      if (!pipeline.isEmpty()) {
        statements.add(new Statement(pipeline, connector));
      }
      if (pos == before) {
        return statements;
      }
    }
  }

  private void skipSeparators() {
    while (peek() != null && peek().isSeparator()) {
      pos++;
    }
  }

  private List<Node> parsePipeline(Set<String> ends) {
    List<Node> stages = new ArrayList<>();
    if (peek() != null && peek().isWord("!")) {
      pos++;
    }
    while (true) {
      Node node = parseCommand(ends);
      if (node == null) {
        return stages;
      }
      stages.add(node);
      Token t = peek();
      if (t != null && (t.isOp("|") || t.isOp("|&"))) {
        pos++;
        while (peek() != null && peek().isOp("\n")) {
          pos++;
        }
        continue;
      }
      return stages;
    }
  }

  private Node parseCommand(Set<String> ends) {
    Token t = peek();
    if (t == null) {
      return null;
    }
    if (t.isOp("(")) {
      pos++;
      List<Statement> body = parseList(Set.of());
      expectOp(")");
      return new Group("(", new Script(body), parseRedirects(), false);
    }
    if (t.operator) {
      if (t.text.equals("redirect")) {
        return parseSimple(ends);
      }
      return null;
    }
    String w = t.word.raw();
    switch (w) {
      case "{" -> {
        pos++;
        List<Statement> body = parseList(Set.of("}"));
        expectWord("}");
        return new Group("{", new Script(body), parseRedirects(), false);
      }
      case "if" -> {
        pos++;
        List<Statement> body = new ArrayList<>();
        while (peek() != null) {
          body.addAll(parseList(Set.of("then", "elif", "else", "fi")));
          Token k = peek();
          if (k == null) {
            break;
          }
          pos++;
          if (k.isWord("fi")) {
            break;
          }
        }
        return new Group("if", new Script(body), parseRedirects(), false);
      }
      case "while", "until" -> {
        pos++;
        List<Statement> body = new ArrayList<>();
        while (peek() != null) {
          body.addAll(parseList(Set.of("do", "done")));
          Token k = peek();
          if (k == null) {
            break;
          }
          pos++;
          if (k.isWord("done")) {
            break;
          }
        }
        return new Group(w, new Script(body), parseRedirects(), false);
      }
      case "for", "select" -> {
        pos++;
        while (peek() != null && !peek().isWord("do")) {
          pos++;
        }
        pos++;
        List<Statement> body = parseList(Set.of("done"));
        expectWord("done");
        return new Group(w, new Script(body), parseRedirects(), false);
      }
      case "case" -> {
        int level = 0;
        while (peek() != null) {
          Token k = tokens.get(pos++);
          if (k.isWord("case")) {
            level++;
          } else if (k.isWord("esac") && --level == 0) {
            break;
          }
        }
        return new Group("case", new Script(List.of()), parseRedirects(), true);
      }
      default -> {
        if (ends.contains(w)) {
          return null;
        }
        return parseSimple(ends);
      }
    }
  }

  private Command parseSimple(Set<String> ends) {
    List<ShellWord> assignments = new ArrayList<>();
    List<ShellWord> words = new ArrayList<>();
    List<Redirect> redirects = new ArrayList<>();
    while (peek() != null) {
      Token t = peek();
      if (t.operator) {
        if (t.text.equals("redirect")) {
          pos++;
          redirects.add(redirect(tokens.get(pos++)));
          continue;
        }
        if (t.isOp("(") && !words.isEmpty()) {
          // a function definition "name() { ...; }": skip the parentheses, keep reading
          pos++;
          expectOp(")");
          continue;
        }
        break;
      }
      if (words.isEmpty() && isAssignment(t.word)) {
        assignments.add(t.word);
      } else {
        words.add(t.word);
      }
      pos++;
    }
    return new Command(assignments, words, redirects);
  }

  private List<Redirect> parseRedirects() {
    List<Redirect> redirects = new ArrayList<>();
    while (peek() != null && peek().operator && peek().text.equals("redirect")) {
      pos++;
      redirects.add(redirect(tokens.get(pos++)));
    }
    return redirects;
  }

  private static Redirect redirect(Token t) {
    String[] parts = t.text.split("\u0000", 2);
    return new Redirect(parts[0], Integer.parseInt(parts[1]), t.word, t.body, t.expands);
  }

  private void expectOp(String op) {
    if (peek() != null && peek().isOp(op)) {
      pos++;
    }
  }

  private void expectWord(String w) {
    if (peek() != null && peek().isWord(w)) {
      pos++;
    }
  }

  /** {@code NAME=value} before the command word. */
  static boolean isAssignment(ShellWord word) {
    String raw = word.raw();
    int eq = raw.indexOf('=');
    if (eq <= 0) {
      return false;
    }
    for (int i = 0; i < eq; i++) {
      char c = raw.charAt(i);
      if (!(Character.isLetterOrDigit(c) || c == '_') || (i == 0 && Character.isDigit(c))) {
        return false;
      }
    }
    return true;
  }
}
