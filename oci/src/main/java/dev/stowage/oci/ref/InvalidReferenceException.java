package dev.stowage.oci.ref;

import dev.stowage.oci.OciException;

/** An image reference (e.g. {@code docker.io/library/busybox:latest}) could not be parsed; the message says why. */
public class InvalidReferenceException extends OciException {
  public InvalidReferenceException(String message) {
    super(message);
  }
}
