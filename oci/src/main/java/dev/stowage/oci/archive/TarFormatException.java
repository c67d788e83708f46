package dev.stowage.oci.archive;

import dev.stowage.oci.OciFormatException;

/** A tar stream is malformed or truncated; the message names the entry and byte offset. */
public class TarFormatException extends OciFormatException {
  public TarFormatException(String message) {
    super(message);
  }
}
