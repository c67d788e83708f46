package dev.stowage.cli;

import dev.stowage.cli.common.FieldBinding;
import dev.stowage.cli.common.StandardHelpOptions;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ScopeType;

/**
 * The root command: {@code stowage <command>}. Subcommands are registered in {@link Main}. Its picocli model is
 * built with the programmatic API, as build's is: every command line has a root, and reading its annotations
 * would make the JDK generate proxy classes at start-up.
 */
public final class StowageCommand implements Runnable {
  private final CommandSpec spec;

  /** Shows Java stack traces for errors. Inherited by every subcommand. */
  boolean debug;

  StowageCommand() {
    spec = CommandSpec.wrapWithoutInspection(this).name("stowage").versionProvider(new VersionProvider());
    spec.usageMessage()
        .description(
            "A daemonless Dockerfile image builder with build secrets done right.",
            "Secrets passed with --secret exist only for the RUN step that mounts them: never in a layer,",
            "the history, the config or the logs. Every build proves it.")
        .footer("", "Run 'stowage COMMAND --help' for more about a command.");
    spec.addOption(FieldBinding.flag(OptionSpec.builder("--debug").scopeType(ScopeType.INHERIT)
        .description("Show internal details (Java stack traces) for errors."), () -> debug, value -> debug = value));
    StandardHelpOptions.addTo(spec);
  }

  /** The root's picocli model, bound to this command. */
  CommandSpec spec() {
    return spec;
  }

  @Override
  public void run() {
    throw new ParameterException(spec.commandLine(), "missing command");
  }
}
