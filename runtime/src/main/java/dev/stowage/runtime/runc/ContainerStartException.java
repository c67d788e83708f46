package dev.stowage.runtime.runc;

/**
 * The step's process could not be started at all (no such program, exec format error, a mount that failed), as
 * opposed to a process that ran and exited non-zero. The message names the command, as BuildKit does.
 */
public final class ContainerStartException extends RuntimeException {
  public ContainerStartException(String message) {
    super(message);
  }

  public ContainerStartException(String message, Throwable cause) {
    super(message, cause);
  }
}
