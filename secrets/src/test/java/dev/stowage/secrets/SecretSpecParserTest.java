package dev.stowage.secrets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

class SecretSpecParserTest {
  private static final Map<String, String> ENV = Map.of("IN_ENV", "set", "OTHER", "set");

  record Case(int line, String input, String expected) {}

  @TestFactory
  Stream<DynamicTest> flagTable() throws IOException {
    return cases().stream()
        .map(c -> DynamicTest.dynamicTest("line " + c.line() + ": " + c.input(), () -> check(c)));
  }

  private static void check(Case c) {
    if (c.expected().startsWith("error ")) {
      assertThatThrownBy(() -> SecretSpecParser.parse(c.input(), ENV))
          .isInstanceOf(SecretSpecException.class)
          .hasMessage(c.expected().substring("error ".length()));
      return;
    }
    SecretSpec spec = SecretSpecParser.parse(c.input(), ENV);
    String rendered =
        spec.id().value()
            + switch (spec.source()) {
              case FileSource f -> " file " + f.path();
              case EnvSource e -> " env " + e.name();
            };
    assertThat(rendered).isEqualTo(c.expected());
  }

  private static List<Case> cases() throws IOException {
    List<Case> cases = new ArrayList<>();
    try (InputStream in = SecretSpecParserTest.class.getResourceAsStream("secret-flags.txt")) {
      String[] lines = new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n", -1);
      for (int i = 0; i < lines.length; i++) {
        String line = lines[i];
        if (line.isBlank() || line.startsWith("#")) {
          continue;
        }
        int arrow = line.indexOf(" => ");
        assertThat(arrow).as("line %d has ' => '", i + 1).isGreaterThanOrEqualTo(0);
        cases.add(new Case(i + 1, line.substring(0, arrow), line.substring(arrow + 4)));
      }
    }
    assertThat(cases).hasSizeGreaterThan(30);
    return cases;
  }

  @Test
  void idOnlyUsesTheVariableOnlyWhenItIsSet() {
    assertThat(SecretSpecParser.parse("id=TOKEN", Map.of("TOKEN", "x")).source())
        .isEqualTo(new EnvSource("TOKEN"));
    assertThat(SecretSpecParser.parse("id=TOKEN", Map.of()).source()).isEqualTo(new FileSource(Path.of("TOKEN")));
  }

  @Test
  void controlCharactersInIdsAreRefused() {
    assertThatThrownBy(() -> SecretSpecParser.parse("\"id=a\nb\",src=/x", ENV))
        .isInstanceOf(SecretSpecException.class)
        .hasMessage(
            "invalid id in --secret: secret id contains the control character U+000A at position 2;"
                + " use printable characters only");
  }

  @Test
  void aTrailingNewlineIsIgnoredButASecondLineIsRefused() {
    assertThat(SecretSpecParser.parse("id=a,src=/x\n", ENV).source()).isEqualTo(new FileSource(Path.of("/x")));
    assertThatThrownBy(() -> SecretSpecParser.parse("id=a\nsrc=/x", ENV))
        .isInstanceOf(SecretSpecException.class)
        .hasMessageContaining("give it on one line");
  }

  @Test
  void anUnknownFieldNeverEchoesItsValue() {
    assertThatThrownBy(() -> SecretSpecParser.parse("id=a,token=hunter2hunter2", ENV))
        .hasMessageNotContaining("hunter2");
    assertThatThrownBy(() -> SecretSpecParser.parse("id=a,hunter2hunter2", ENV))
        .hasMessageNotContaining("hunter2");
  }

  @Test
  void suggestsTheNearestKey() {
    assertThat(SecretSpecParser.closestKey("idd")).isEqualTo("id");
    assertThat(SecretSpecParser.closestKey("sorce")).isEqualTo("source");
    assertThat(SecretSpecParser.closestKey("environment")).isNull();
  }
}
