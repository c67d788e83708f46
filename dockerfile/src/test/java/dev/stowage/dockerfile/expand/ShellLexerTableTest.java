package dev.stowage.dockerfile.expand;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/** Runs the plain-text vectors of {@code src/test/resources/expand/words.txt}; see its header for the format. */
class ShellLexerTableTest {
  private static final Path TABLE = Path.of("src/test/resources/expand/words.txt");
  private static final String ARROW = " ==> ";

  record Vector(int line, String mode, char escape, String input, String expected) {}

  @TestFactory
  Stream<DynamicTest> vectors() throws IOException {
    Map<String, String> env = new LinkedHashMap<>();
    List<Vector> vectors = new ArrayList<>();
    String mode = null;
    char escape = '\\';
    List<String> lines = Files.readAllLines(TABLE, StandardCharsets.UTF_8);
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i);
      if (line.isBlank() || line.startsWith("#")) {
        continue;
      }
      if (line.startsWith("[")) {
        String header = line.substring(1, line.indexOf(']'));
        mode = header.split(" ")[0];
        escape = header.contains("escape=") ? header.charAt(header.indexOf("escape=") + 7) : '\\';
        continue;
      }
      if ("env".equals(mode)) {
        int eq = line.indexOf('=');
        env.put(line.substring(0, eq), line.substring(eq + 1));
        continue;
      }
      int arrow = line.lastIndexOf(ARROW);
      assertThat(arrow).as("line %d has no %s", i + 1, ARROW).isPositive();
      vectors.add(new Vector(i + 1, mode, escape, line.substring(0, arrow), line.substring(arrow + ARROW.length())));
    }
    assertThat(vectors).hasSizeGreaterThan(150);
    Map<String, String> frozen = Map.copyOf(env);
    return vectors.stream().map(v -> DynamicTest.dynamicTest(
        "line " + v.line() + " [" + v.mode() + " " + v.escape() + "] " + v.input(), () -> run(v, frozen)));
  }

  private static void run(Vector v, Map<String, String> env) {
    ShellLexer lexer = ShellLexer.of(v.escape());
    if (v.expected().startsWith("error: ")) {
      ExpansionException e = catchThrowableOfType(ExpansionException.class,
          () -> lexer.processWord(v.input(), env));
      assertThat(e).as("expansion of %s should fail", v.input()).isNotNull();
      assertThat(e.reason()).isEqualTo(v.expected().substring("error: ".length()));
      assertThat(e.getMessage()).startsWith("failed to process \"").endsWith("\": " + e.reason());
      return;
    }
    if (v.mode().equals("word")) {
      assertThat(lexer.processWord(v.input(), env).value()).isEqualTo(unquote(v.expected()));
    } else {
      assertThat(lexer.processWords(v.input(), env).words()).isEqualTo(list(v.expected()));
    }
  }

  /** Reads a Java-style quoted string. */
  static String unquote(String quoted) {
    assertThat(quoted).startsWith("\"").endsWith("\"");
    StringBuilder out = new StringBuilder();
    for (int i = 1; i < quoted.length() - 1; i++) {
      char c = quoted.charAt(i);
      if (c == '\\') {
        char n = quoted.charAt(++i);
        out.append(switch (n) {
          case 'n' -> '\n';
          case 't' -> '\t';
          default -> n;
        });
      } else {
        out.append(c);
      }
    }
    return out.toString();
  }

  static List<String> list(String text) {
    assertThat(text).startsWith("[").endsWith("]");
    List<String> out = new ArrayList<>();
    String body = text.substring(1, text.length() - 1).trim();
    int i = 0;
    while (i < body.length()) {
      int start = body.indexOf('"', i);
      int end = start + 1;
      while (body.charAt(end) != '"' || body.charAt(end - 1) == '\\' && body.charAt(end - 2) != '\\') {
        end++;
      }
      out.add(unquote(body.substring(start, end + 1)));
      i = end + 1;
    }
    return out;
  }
}
