package dev.stowage.dockerfile.lint.shell;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stowage.dockerfile.lint.shell.FlowEvent.Persisted;
import dev.stowage.dockerfile.lint.shell.FlowEvent.Printed;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

class SecretFlowTest {

  /** Every case of lint/shell/flows.txt. */
  @TestFactory
  Stream<DynamicTest> flows() throws IOException {
    String text;
    try (InputStream in = getClass().getResourceAsStream("/lint/shell/flows.txt")) {
      text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    List<DynamicTest> tests = new ArrayList<>();
    String[] blocks = text.split("(?m)^=== ");
    for (int b = 1; b < blocks.length; b++) {
      String block = blocks[b];
      String name = block.substring(0, block.indexOf('\n'));
      Map<String, SecretSource> files = new HashMap<>();
      Map<String, SecretSource> vars = new HashMap<>();
      String workdir = "/";
      String[] lines = block.split("\n");
      int i = 1;
      for (; i < lines.length && !lines[i].equals("script:"); i++) {
        String line = lines[i];
        if (line.startsWith("files:")) {
          parsePairs(line.substring(6), files, true);
        } else if (line.startsWith("vars:")) {
          parsePairs(line.substring(5), vars, false);
        } else if (line.startsWith("workdir:")) {
          workdir = line.substring(8).strip();
        }
      }
      StringBuilder script = new StringBuilder();
      for (i++; i < lines.length && !lines[i].equals("expect:"); i++) {
        script.append(lines[i]).append('\n');
      }
      List<String> expected = new ArrayList<>();
      for (i++; i < lines.length; i++) {
        if (!lines[i].isBlank() && !lines[i].equals("nothing")) {
          expected.add(lines[i].strip());
        }
      }
      String wd = workdir;
      tests.add(DynamicTest.dynamicTest(name, () -> {
        List<FlowEvent> events = SecretFlow.analyze(script.toString(), wd, new SecretFlow.Secrets(files, vars));
        assertThat(summary(events)).as(script.toString()).containsExactlyElementsOf(expected);
      }));
    }
    assertThat(tests).hasSizeGreaterThan(30);
    return tests.stream();
  }

  @Test
  void namesTheSourceOfTheSecret() {
    var secrets = new SecretFlow.Secrets(Map.of("/run/secrets/npmrc", new SecretSource("secret \"npmrc\"", true)),
        Map.of());
    List<FlowEvent> events = SecretFlow.analyze("cp /run/secrets/npmrc /root/.npmrc", "/", secrets);
    assertThat(events).filteredOn(Persisted.class::isInstance)
        .singleElement()
        .satisfies(e -> {
          Persisted p = (Persisted) e;
          assertThat(p.command()).isEqualTo("cp");
          assertThat(p.source().label()).isEqualTo("secret \"npmrc\"");
          assertThat(p.source().mount()).isTrue();
        });
  }

  @Test
  void aHereDocumentRunAsTheScriptIsAnalysed() {
    var secrets = new SecretFlow.Secrets(Map.of("/run/secrets/t", new SecretSource("t", true)), Map.of(),
        Map.of("EOF", new SecretFlow.Heredoc("set -e\ncat /run/secrets/t > /leak\n", true)));
    assertThat(summary(SecretFlow.analyze("<<EOF", "/", secrets))).containsExactly("persisted /leak");
  }

  private static void parsePairs(String text, Map<String, SecretSource> into, boolean mount) {
    for (String pair : text.strip().split("\\s+")) {
      String[] kv = pair.split("=", 2);
      into.put(kv[0], new SecretSource(kv[1], mount));
    }
  }

  private static List<String> summary(List<FlowEvent> events) {
    List<String> out = new ArrayList<>();
    for (FlowEvent e : events) {
      if (e instanceof Persisted p) {
        out.add("persisted " + p.path());
      } else if (e instanceof Printed p) {
        out.add("printed " + p.command());
      }
    }
    return out;
  }
}
