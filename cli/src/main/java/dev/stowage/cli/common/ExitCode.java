package dev.stowage.cli.common;

/** The process exit codes of every stowage command, in one place. */
public final class ExitCode {
  public static final int OK = 0;
  /** A build, step, pull or push failed. */
  public static final int FAILURE = 1;
  /** Bad flags or bad input: a Dockerfile syntax error, a missing required secret, an unreadable file. */
  public static final int USAGE = 2;
  /** Lint findings at error level. */
  public static final int LINT_ERRORS = 3;
  /** A secret leak was found (the build guard or {@code stowage scan}). */
  public static final int LEAK = 4;
  /** Interrupted by Ctrl-C or SIGTERM. */
  public static final int INTERRUPTED = 130;

  private ExitCode() {}
}
