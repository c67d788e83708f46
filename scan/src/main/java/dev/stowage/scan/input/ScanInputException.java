package dev.stowage.scan.input;

import dev.stowage.scan.ScanException;

/** The image to scan was named wrongly or cannot be found: a usage error, not a broken image. */
public class ScanInputException extends ScanException {
  public ScanInputException(String message) {
    super(message);
  }

  public ScanInputException(String message, Throwable cause) {
    super(message, cause);
  }
}
