package dev.stowage.engine;

import java.util.List;

/**
 * The build cannot start as asked: a required secret is missing, a build arg would leak a secret. An input error
 * (exit code 2), reported before any step runs, with the lines that show the fix. Never holds a secret value.
 */
public final class BuildInputException extends RuntimeException {
  private final List<String> details;

  public BuildInputException(String message, List<String> details) {
    super(message);
    this.details = List.copyOf(details);
  }

  /** Further lines for the user: where the problem is and how to fix it. */
  public List<String> details() {
    return details;
  }
}
