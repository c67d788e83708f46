package dev.stowage.cli;


import picocli.CommandLine;

/** The composition root: wires the commands and the one error handler, then exits with the mapped code. */
public final class Main {
  private Main() {}

  public static void main(String[] args) {
    // Ctrl-C or SIGTERM: interrupt the command, which stops its container and releases every mount and secret
    // file in its finally blocks; the JVM exits only after that (or after a bound).
    Thread command = Thread.currentThread();
    Thread hook = new Thread(() -> {
      command.interrupt();
      try {
        command.join(15_000);
      } catch (InterruptedException ignored) {
        Thread.currentThread().interrupt();
      }
    }, "stowage-shutdown");
    Runtime.getRuntime().addShutdownHook(hook);
    int code = run(args);
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
    } catch (IllegalStateException shuttingDown) {
      return; // a signal is ending the JVM; exit would block until the hook gives up waiting for us
    }
    System.exit(code);
  }

  /** Runs a command line and returns its exit code (tests call this instead of {@link #main}). */
  public static int run(String... args) {
    return commandLine().execute(args);
  }

  /** The configured command line, for tests that capture its output. */
  public static CommandLine commandLine() {
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
    cli.addSubcommand(new dev.stowage.cli.registry.LoginCommand());
    cli.addSubcommand(new dev.stowage.cli.registry.LogoutCommand());
    cli.addSubcommand(new dev.stowage.cli.scan.ScanCommand());
    cli.addSubcommand(new dev.stowage.cli.cache.PruneCommand());
    cli.addSubcommand(new dev.stowage.cli.cache.DfCommand());
    cli.setExecutionExceptionHandler(errors);
    cli.setParameterExceptionHandler(errors);
    cli.setExitCodeExceptionMapper(errors);
    cli.setCaseInsensitiveEnumValuesAllowed(true);
    return cli;
  }
}
