package dev.stowage.runtime.linux;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/** Runs host programs through {@link ProcessBuilder} with stdin closed and the C locale (stable messages). */
public final class ProcessCommandRunner implements CommandRunner {
  /** Diagnostics are short; a runaway program's output is cut off rather than buffered. */
  private static final int MAX_OUTPUT = 256 * 1024;

  @Override
  public CommandResult run(HostCommand command) {
    ProcessBuilder builder = new ProcessBuilder(command.argv()).redirectInput(ProcessBuilder.Redirect.from(
        new java.io.File("/dev/null")));
    command.workingDir().ifPresent(dir -> builder.directory(dir.toFile()));
    builder.environment().put("LC_ALL", "C");
    Process process;
    try {
      process = builder.start();
    } catch (IOException e) {
      throw new CommandFailedException(command, e.getMessage(), e);
    }
    Drain stdout = Drain.start(process.getInputStream());
    Drain stderr = Drain.start(process.getErrorStream());
    boolean interrupted = false;
    long deadline = System.nanoTime() + command.timeout().toNanos();
    try {
      while (true) {
        try {
          long left = deadline - System.nanoTime();
          if (left <= 0 || !process.waitFor(left, TimeUnit.NANOSECONDS)) {
            process.destroyForcibly();
            throw new CommandFailedException(command,
                "it did not finish within " + command.timeout().toSeconds() + " s and was killed", null);
          }
          break;
        } catch (InterruptedException e) {
          interrupted = true; // finish the command first: callers rely on cleanup completing
        }
      }
      return new CommandResult(process.exitValue(), stdout.text(), stderr.text());
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /** Reads one output stream on its own thread so neither pipe can fill up and block the program. */
  private static final class Drain implements Runnable {
    private final InputStream in;
    private final ByteArrayOutputStream buffer = new ByteArrayOutputStream();
    private final Thread thread;

    private Drain(InputStream in) {
      this.in = in;
      this.thread = Thread.ofVirtual().name("host-command-output").unstarted(this);
    }

    static Drain start(InputStream in) {
      Drain drain = new Drain(in);
      drain.thread.start();
      return drain;
    }

    @Override
    public void run() {
      byte[] chunk = new byte[8192];
      try (in) {
        for (int n; (n = in.read(chunk)) >= 0; ) {
          synchronized (buffer) {
            if (buffer.size() < MAX_OUTPUT) {
              buffer.write(chunk, 0, Math.min(n, MAX_OUTPUT - buffer.size()));
            }
          }
        }
      } catch (IOException e) {
        // the program exited and its pipe closed; what was read is all there is
      }
    }

    String text() {
      try {
        // A grandchild could keep the pipe open; the program itself has exited, so wait briefly only.
        thread.join(java.time.Duration.ofSeconds(5));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      synchronized (buffer) {
        return buffer.toString(StandardCharsets.UTF_8);
      }
    }
  }
}
