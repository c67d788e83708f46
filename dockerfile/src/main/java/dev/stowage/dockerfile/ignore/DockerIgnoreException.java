package dev.stowage.dockerfile.ignore;

/** A malformed {@code .dockerignore} pattern; the message names the file and line. */
public final class DockerIgnoreException extends RuntimeException {
  private final String file;
  private final int line;

  public DockerIgnoreException(String file, int line, String reason) {
    super(file + ":" + line + ": " + reason);
    this.file = file;
    this.line = line;
  }

  public String file() {
    return file;
  }

  public int line() {
    return line;
  }
}
