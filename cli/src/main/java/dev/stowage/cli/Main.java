package dev.stowage.cli;

import picocli.CommandLine;

/** The composition root: wires the commands and the one error handler, then exits with the mapped code. */
public final class Main {
  private Main() {}

  public static void main(String[] args) {
    System.exit(run(args));
  }

  /** Runs a command line and returns its exit code (tests call this instead of {@link #main}). */
  public static int run(String... args) {
    return commandLine().execute(args);
  }

  static CommandLine commandLine() {
    ErrorHandler errors = new ErrorHandler();
    CommandLine cli = new CommandLine(new StowageCommand());
    cli.addSubcommand(new dev.stowage.cli.build.BuildCommand());
    cli.addSubcommand(new dev.stowage.cli.lint.LintCommand());
    cli.addSubcommand(new dev.stowage.cli.image.ImagesCommand());
    cli.addSubcommand(new dev.stowage.cli.image.HistoryCommand());
    cli.addSubcommand(new dev.stowage.cli.image.InspectCommand());
    cli.addSubcommand(new dev.stowage.cli.image.RmiCommand());
    cli.addSubcommand(new dev.stowage.cli.image.LoadCommand());
    cli.addSubcommand(new dev.stowage.cli.image.SaveCommand());
    cli.addSubcommand(new dev.stowage.cli.scan.ScanCommand());
    cli.setExecutionExceptionHandler(errors);
    cli.setParameterExceptionHandler(errors);
    cli.setExitCodeExceptionMapper(errors);
    cli.setCaseInsensitiveEnumValuesAllowed(true);
    return cli;
  }
}
