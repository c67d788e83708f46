package dev.stowage.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

/** The root command: {@code stowage <command>}. Subcommands are registered in {@link Main}. */
@Command(
    name = "stowage",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = {
      "A daemonless Dockerfile image builder with build secrets done right.",
      "Secrets passed with --secret exist only for the RUN step that mounts them: never in a layer,",
      "the history, the config or the logs. Every build proves it."
    },
    footer = {"", "Run 'stowage COMMAND --help' for more about a command."})
public final class StowageCommand implements Runnable {
  @Spec CommandSpec spec;

  /** Shows Java stack traces for errors. Inherited by every subcommand. */
  @Option(
      names = "--debug",
      scope = ScopeType.INHERIT,
      description = "Show internal details (Java stack traces) for errors.")
  boolean debug;

  @Override
  public void run() {
    throw new ParameterException(spec.commandLine(), "missing command");
  }
}
