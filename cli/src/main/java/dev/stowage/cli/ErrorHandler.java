package dev.stowage.cli;

import dev.stowage.cli.common.ExitCode;

import java.io.PrintWriter;
import java.util.Locale;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.IExitCodeExceptionMapper;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * The one place where exceptions become messages and exit codes, for every command: one line
 * {@code error: ...}, optional context lines, and no Java class names or stack traces unless {@code --debug}.
 */
final class ErrorHandler
    implements IExecutionExceptionHandler, IParameterExceptionHandler, IExitCodeExceptionMapper {

  @Override
  public int handleParseException(ParameterException ex, String[] args) {
    CommandLine cmd = ex.getCommandLine();
    PrintWriter err = cmd.getErr();
    err.println("error: " + ex.getMessage());
    UnmatchedArgumentException.printSuggestions(ex, err);
    err.println("Run '" + cmd.getCommandSpec().qualifiedName() + " --help' for usage.");
    return ExitCode.USAGE;
  }

  @Override
  public int handleExecutionException(Exception ex, CommandLine cmd, ParseResult parseResult) {
    PrintWriter err = cmd.getErr();
    for (String line : ErrorMessages.render(ex)) {
      err.println(line);
    }
    if (debugRequested(parseResult)) {
      ex.printStackTrace(err);
    }
    err.flush();
    return getExitCode(ex);
  }

  @Override
  public int getExitCode(Throwable ex) {
    return ErrorMessages.exitCodeOf(ex);
  }

  private static boolean debugRequested(ParseResult parseResult) {
    for (ParseResult p = parseResult; p != null; p = p.subcommand()) {
      if (p.hasMatchedOption("--debug") && Boolean.TRUE.equals(p.matchedOptionValue("--debug", false))) {
        return true;
      }
    }
    String env = System.getenv("STOWAGE_DEBUG");
    return env != null && (env.equals("1") || env.toLowerCase(Locale.ROOT).equals("true"));
  }
}
