package dev.stowage.secrets.tmpfs;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs a helper such as {@code mount(8)}. An interface so tests can record the argument vectors: no secret may
 * ever appear in one, and only paths and mount options are passed.
 */
@FunctionalInterface
public interface CommandRunner {
  /** Runs {@code argv} and waits for it; never throws for a non-zero exit, which the result carries. */
  Result run(List<String> argv);

  /** The exit code and the combined stdout and stderr (at most 16 KiB). */
  record Result(int exitCode, String output) {
    public boolean succeeded() {
      return exitCode == 0;
    }

    /** The first line of the output, for a one-line error message. */
    public String firstLine() {
      String trimmed = output.strip();
      int newline = trimmed.indexOf('\n');
      return newline < 0 ? trimmed : trimmed.substring(0, newline);
    }
  }

  /** Runs commands with {@link ProcessBuilder}, giving each at most two minutes. */
  static CommandRunner system() {
    return argv -> {
      Process process;
      try {
        process = new ProcessBuilder(argv).redirectErrorStream(true).start();
      } catch (IOException e) {
        return new Result(127, "cannot run " + argv.getFirst() + ": " + e.getMessage());
      }
      try (InputStream in = process.getInputStream()) {
        byte[] output = in.readNBytes(16 * 1024);
        in.transferTo(java.io.OutputStream.nullOutputStream()); // never block the helper on a full pipe
        if (!process.waitFor(2, TimeUnit.MINUTES)) {
          process.destroyForcibly();
          return new Result(124, argv.getFirst() + " did not finish within two minutes");
        }
        return new Result(process.exitValue(), new String(output, StandardCharsets.UTF_8));
      } catch (IOException e) {
        process.destroyForcibly();
        return new Result(125, "reading the output of " + argv.getFirst() + " failed: " + e.getMessage());
      } catch (InterruptedException e) {
        process.destroyForcibly();
        Thread.currentThread().interrupt();
        return new Result(130, argv.getFirst() + " was interrupted");
      }
    };
  }
}
