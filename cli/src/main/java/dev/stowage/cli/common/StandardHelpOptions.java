package dev.stowage.cli.common;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * The {@code -h/--help} and {@code -V/--version} options, with the text picocli's {@code mixinStandardHelpOptions}
 * gives them, for commands built with the programmatic API: that mixin is an annotated class picocli reads
 * reflectively, which is what these commands avoid (start-up).
 */
public final class StandardHelpOptions {
  private StandardHelpOptions() {}

  /** Adds both options to {@code spec}, after its own (where the mixin puts them). */
  public static CommandSpec addTo(CommandSpec spec) {
    spec.addOption(OptionSpec.builder("-h", "--help").usageHelp(true).type(boolean.class)
        .description("Show this help message and exit.").build());
    spec.addOption(OptionSpec.builder("-V", "--version").versionHelp(true).type(boolean.class)
        .description("Print version information and exit.").build());
    return spec;
  }
}
