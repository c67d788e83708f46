package dev.stowage.cli;

import picocli.CommandLine;

/**
 * Run by {@link StartUpProxiesTest} in a JVM of its own: builds the command line for its arguments as
 * {@link Main#run} does, parses them and renders each named command's help, but runs nothing.
 */
final class CommandLineOnly {
  private CommandLineOnly() {}

  public static void main(String[] args) {
    CommandLine cli = Main.commandLine(args);
    cli.parseArgs(args);
    cli.getSubcommands().values().forEach(CommandLine::getUsageMessage);
    System.out.println("parsed " + cli.getParseResult().subcommands().size() + " command");
  }
}
