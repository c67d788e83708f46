package dev.stowage.engine.plan;

import java.util.Optional;

/**
 * A Dockerfile that parses but cannot be built as written (an unknown stage, a bad flag value, a variable
 * that must be set): an input error, reported as {@code <file>:<line>: <message>}. Never holds a secret value.
 */
public final class PlanException extends RuntimeException {
  private final String file;
  private final int line;
  private final Optional<String> hint;

  public PlanException(String file, int line, String message) {
    this(file, line, message, Optional.empty());
  }

  public PlanException(String file, int line, String message, Optional<String> hint) {
    super(line > 0 ? file + ":" + line + ": " + message : file + ": " + message);
    this.file = file;
    this.line = line;
    this.hint = hint;
  }

  public String file() {
    return file;
  }

  /** 1-based, or 0 when the error is not tied to one line. */
  public int line() {
    return line;
  }

  public Optional<String> hint() {
    return hint;
  }
}
