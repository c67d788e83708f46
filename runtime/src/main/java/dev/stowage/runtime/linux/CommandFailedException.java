package dev.stowage.runtime.linux;

/** A host program (mount, umount, runc) failed; the message names the command line and the program's reason. */
public final class CommandFailedException extends RuntimeException {
  private final int exitCode;

  public CommandFailedException(HostCommand command, CommandResult result) {
    super("'" + command.display() + "' failed (exit code " + result.exitCode() + ")"
        + (result.diagnostic().isEmpty() ? "" : ": " + result.diagnostic()));
    this.exitCode = result.exitCode();
  }

  public CommandFailedException(HostCommand command, String reason, Throwable cause) {
    super("could not run '" + command.display() + "': " + reason, cause);
    this.exitCode = -1;
  }

  /** The program's exit code, or -1 when it did not run to completion. */
  public int exitCode() {
    return exitCode;
  }
}
