package dev.stowage.runtime.linux;

/** What a finished host program returned; its output is small (mount and runc diagnostics). */
public record CommandResult(int exitCode, String stdout, String stderr) {

  public boolean succeeded() {
    return exitCode == 0;
  }

  /** The last non-blank line of standard error (where tools put their reason), or of standard output. */
  public String diagnostic() {
    String line = lastLine(stderr);
    return line.isEmpty() ? lastLine(stdout) : line;
  }

  private static String lastLine(String text) {
    String[] lines = text.strip().split("\n");
    return lines[lines.length - 1].strip();
  }
}
