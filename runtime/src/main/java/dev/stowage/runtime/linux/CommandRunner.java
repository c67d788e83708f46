package dev.stowage.runtime.linux;

/** Runs host programs; an interface so tests can record the argument vectors (no secret may appear there). */
public interface CommandRunner {

  /**
   * Runs {@code command} to completion. Never interrupted half-way: cleanup (unmount, container delete) must
   * finish even on a thread being interrupted, whose interrupt status is kept for the caller.
   *
   * @throws CommandFailedException when the program cannot be started or does not finish in time
   */
  CommandResult run(HostCommand command);

  /** Runs {@code command} and fails with its diagnostic unless it exits with 0. */
  default CommandResult runChecked(HostCommand command) {
    CommandResult result = run(command);
    if (!result.succeeded()) {
      throw new CommandFailedException(command, result);
    }
    return result;
  }
}
