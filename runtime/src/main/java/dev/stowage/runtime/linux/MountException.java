package dev.stowage.runtime.linux;

/**
 * A mount(2) or umount2(2) system call failed; the message reads like mount(8)'s and names the errno. Mount
 * arguments hold paths and options only, never a secret.
 */
public final class MountException extends RuntimeException {
  private final int errno;

  MountException(String message, int errno) {
    super(message);
    this.errno = errno;
  }

  /** The system call's errno (Linux's generic numbering, e.g. 16 for EBUSY). */
  public int errno() {
    return errno;
  }
}
