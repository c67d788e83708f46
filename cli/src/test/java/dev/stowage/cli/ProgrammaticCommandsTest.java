package dev.stowage.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stowage.cli.common.ExitCode;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.ParseResult;

/**
 * The root command and build are built with picocli's programmatic API; what a user sees is what their
 * annotations gave (the expected text was captured from the annotated commands).
 */
class ProgrammaticCommandsTest {
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int run(String... args) {
    CommandLine cli = Main.commandLine(args);
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    return cli.execute(args);
  }

  @Test
  void buildHelpIsUnchanged() throws IOException {
    assertThat(run("build", "--help")).isEqualTo(ExitCode.OK);
    assertThat(out.toString()).isEqualTo(resource("build-help.txt"));
  }

  @Test
  void rootHelpIsUnchanged() throws IOException {
    assertThat(run("--help")).isEqualTo(ExitCode.OK);
    assertThat(out.toString()).startsWith(resource("root-help-head.txt") + "Commands:\n")
        .endsWith("\nRun 'stowage COMMAND --help' for more about a command.\n");
  }

  @Test
  void versionComesFromTheVersionProvider() throws IOException {
    assertThat(run("--version")).isEqualTo(ExitCode.OK);
    assertThat(out.toString()).isEqualTo(String.join("\n", new VersionProvider().getVersion()) + "\n");
  }

  @Test
  void buildInheritsDebugFromTheRoot() {
    ParseResult parsed = Main.commandLine("build").parseArgs("build", "--debug", "ctx");

    assertThat(parsed.subcommand().matchedOptionValue("--debug", false)).isTrue();
  }

  @Test
  void parameterErrorsGoThroughTheErrorHandler() {
    assertThat(run("build", "--tag")).isEqualTo(ExitCode.USAGE);
    assertThat(err.toString()).isEqualTo("error: Missing required parameter for option '--tag' (NAME[:TAG])\n"
        + "Run 'stowage build --help' for usage.\n");
  }

  private static String resource(String name) throws IOException {
    try (InputStream in = ProgrammaticCommandsTest.class.getResourceAsStream(name)) {
      assertThat(in).as(name).isNotNull();
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
