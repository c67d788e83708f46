package dev.stowage.cli.build.progress;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The terminal stderr is attached to: its size (for truncating and fitting the live view) and whether colours are
 * welcome. Java 21 has no isatty for stderr ({@code System.console()} looks at stdin and stdout), so we read where
 * file descriptor 2 points.
 */
public record Terminal(int width, int height, boolean color) {
  static final int DEFAULT_WIDTH = 80;
  static final int DEFAULT_HEIGHT = 24;
  private static final Path STDERR = Path.of("/proc/self/fd/2");

  public Terminal {
    width = Math.max(width, 20);
    height = Math.max(height, 5);
  }

  /**
   * stderr's terminal, or empty when stderr is a file or pipe, or when {@code TERM=dumb} (no cursor movement).
   * The size comes from {@code stty size} on that terminal, else {@code $COLUMNS}/{@code $LINES}, else 80x24.
   */
  public static Optional<Terminal> onStderr(Map<String, String> env) {
    Optional<Path> device = stderrDevice();
    if (device.isEmpty() || "dumb".equals(env.get("TERM"))) {
      return Optional.empty();
    }
    Optional<int[]> rowsColumns = sttySize(device.get());
    int width = rowsColumns.map(rc -> rc[1]).orElse(intOr(env.get("COLUMNS"), DEFAULT_WIDTH));
    int height = rowsColumns.map(rc -> rc[0]).orElse(intOr(env.get("LINES"), DEFAULT_HEIGHT));
    return Optional.of(new Terminal(width, height, !env.containsKey("NO_COLOR")));
  }

  /** Whether a device path is a terminal: a pseudo-terminal, a virtual console or a serial line. */
  static boolean isTerminalDevice(String path) {
    return path.startsWith("/dev/pts/") || path.matches("/dev/tty[A-Za-z]*[0-9]*") || path.equals("/dev/console");
  }

  /** {@code stty size} prints "rows columns". */
  static Optional<int[]> parseSttySize(String output) {
    String[] parts = output.trim().split("\\s+");
    if (parts.length != 2) {
      return Optional.empty();
    }
    int rows = intOr(parts[0], 0);
    int columns = intOr(parts[1], 0);
    return rows > 0 && columns > 0 ? Optional.of(new int[] {rows, columns}) : Optional.empty();
  }

  private static Optional<Path> stderrDevice() {
    try {
      Path target = Files.readSymbolicLink(STDERR);
      return isTerminalDevice(target.toString()) ? Optional.of(target) : Optional.empty();
    } catch (IOException | UnsupportedOperationException | SecurityException e) {
      return Optional.empty(); // no /proc: treat as not a terminal, plain output is always safe
    }
  }

  private static Optional<int[]> sttySize(Path device) {
    try {
      Process stty = new ProcessBuilder("stty", "size").redirectInput(device.toFile())
          .redirectError(ProcessBuilder.Redirect.DISCARD).start();
      String output = new String(stty.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
      if (!stty.waitFor(2, TimeUnit.SECONDS)) {
        stty.destroyForcibly();
        return Optional.empty();
      }
      return stty.exitValue() == 0 ? parseSttySize(output) : Optional.empty();
    } catch (IOException e) {
      return Optional.empty();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Optional.empty();
    }
  }

  private static int intOr(String text, int fallback) {
    if (text == null) {
      return fallback;
    }
    try {
      return Integer.parseInt(text.trim());
    } catch (NumberFormatException e) {
      return fallback;
    }
  }
}
