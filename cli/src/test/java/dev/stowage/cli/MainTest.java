package dev.stowage.cli;

import dev.stowage.cli.common.CliException;
import dev.stowage.cli.common.ExitCode;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class MainTest {
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int run(String... args) {
    CommandLine cli = Main.commandLine();
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    return cli.execute(args);
  }

  @Test
  void versionNamesTheProductAndTheJava() {
    assertThat(run("--version")).isEqualTo(ExitCode.OK);
    assertThat(out.toString()).startsWith("stowage ").contains("java ");
  }

  @Test
  void versionAloneBuildsOnlyTheRoot() {
    for (String flag : java.util.List.of("--version", "-V")) {
      CommandLine cli = Main.commandLine(flag);
      assertThat(cli.getSubcommands()).as(flag).isEmpty();
      cli.setOut(new PrintWriter(out, true));
      assertThat(cli.execute(flag)).isEqualTo(ExitCode.OK);
    }
    assertThat(out.toString()).startsWith("stowage ");
    assertThat(Main.commandLine("--help").getSubcommands()).containsKey("build"); // help lists every command
    assertThat(Main.commandLine("build", "--version").getSubcommands()).containsOnlyKeys("build");
  }

  @Test
  void everyCommandAnswersHelp() {
    for (String command : java.util.List.of("build", "pull", "images", "history", "inspect", "rmi", "load", "save",
        "login", "logout", "lint", "scan", "prune", "df")) {
      out.getBuffer().setLength(0);
      assertThat(run(command, "--help")).as(command).isEqualTo(ExitCode.OK);
      assertThat(out.toString()).as(command).startsWith("Usage: stowage " + command);
    }
  }

  @Test
  void noCommandIsAUsageError() {
    assertThat(run()).isEqualTo(ExitCode.USAGE);
    assertThat(err.toString()).contains("error: missing command").contains("--help");
  }

  @Test
  void unknownCommandIsAUsageErrorWithoutStackTrace() {
    assertThat(run("bilud")).isEqualTo(ExitCode.USAGE);
    assertThat(err.toString()).contains("error: ").doesNotContain("Exception").doesNotContain("\tat ");
  }

  @Test
  void errorsMapToOneLineAndTheirExitCode() {
    assertThat(ErrorMessages.render(CliException.usage("bad flag\nsecond line"))).containsExactly("error: bad flag");
    assertThat(ErrorMessages.exitCodeOf(new CliException(ExitCode.LEAK, "leak"))).isEqualTo(ExitCode.LEAK);
    assertThat(ErrorMessages.exitCodeOf(new IllegalStateException("boom"))).isEqualTo(ExitCode.FAILURE);
    assertThat(ErrorMessages.render(new IllegalStateException())).singleElement().asString()
        .contains("internal error").contains("--debug");
  }
}
