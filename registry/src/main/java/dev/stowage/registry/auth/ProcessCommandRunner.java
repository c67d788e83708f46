package dev.stowage.registry.auth;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Runs programs through {@link ProcessBuilder}, looking them up in an explicit search path that is also given
 * to the child as its {@code PATH}. Arguments never carry secrets: credentials travel on stdin and stdout.
 */
public final class ProcessCommandRunner implements CommandRunner {
  /** Helper output is a small JSON document; anything bigger is cut off rather than buffered. */
  private static final int MAX_OUTPUT = 1 << 20;

  private final List<Path> searchPath;

  public ProcessCommandRunner(List<Path> searchPath) {
    this.searchPath = List.copyOf(searchPath);
  }

  /** Looks programs up in this process's {@code PATH}. */
  public static ProcessCommandRunner fromEnvironment() {
    return new ProcessCommandRunner(parsePath(System.getenv("PATH")));
  }

  /** The directories of a {@code PATH}-style string; empty and invalid entries are skipped. */
  public static List<Path> parsePath(String path) {
    List<Path> dirs = new ArrayList<>();
    if (path != null) {
      for (String entry : path.split(File.pathSeparator)) {
        if (!entry.isEmpty()) {
          try {
            dirs.add(Path.of(entry));
          } catch (InvalidPathException ignored) {
            // an unusable PATH entry finds nothing, as in a shell
          }
        }
      }
    }
    return List.copyOf(dirs);
  }

  public List<Path> searchPath() {
    return searchPath;
  }

  @Override
  public Optional<Path> find(String name) {
    if (name.contains("/")) {
      return Optional.empty(); // only bare names are looked up: a config file must not point at arbitrary paths
    }
    for (Path dir : searchPath) {
      Path candidate = dir.resolve(name);
      if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
        return Optional.of(candidate);
      }
    }
    return Optional.empty();
  }

  @Override
  public Result run(Path program, List<String> args, byte[] stdin, Duration timeout) throws IOException {
    List<String> command = new ArrayList<>();
    command.add(program.toString());
    command.addAll(args);
    ProcessBuilder builder = new ProcessBuilder(command);
    builder.environment().put("PATH", String.join(File.pathSeparator, searchPath.stream().map(Path::toString).toList()));
    Process process = builder.start();
    FutureTask<byte[]> stdout = drain(process.getInputStream());
    FutureTask<byte[]> stderr = drain(process.getErrorStream());
    try {
      try (OutputStream in = process.getOutputStream()) {
        in.write(stdin);
      } catch (IOException e) {
        // the program may exit without reading its input; its exit code tells the rest
      }
      if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        throw new IOException(program.getFileName() + " did not finish within " + timeout.toSeconds() + " s");
      }
      return new Result(process.exitValue(), get(stdout, timeout), get(stderr, timeout));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while running " + program.getFileName(), e);
    } finally {
      process.destroyForcibly();
    }
  }

  private static FutureTask<byte[]> drain(InputStream stream) {
    FutureTask<byte[]> task =
        new FutureTask<>(
            () -> {
              try (InputStream in = stream) {
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                byte[] buffer = new byte[8192];
                for (int n; (n = in.read(buffer)) >= 0; ) {
                  if (out.size() < MAX_OUTPUT) {
                    out.write(buffer, 0, Math.min(n, MAX_OUTPUT - out.size()));
                  }
                }
                return out.toByteArray();
              }
            });
    Thread.ofVirtual().name("credential-helper-output").start(task);
    return task;
  }

  private static byte[] get(Future<byte[]> output, Duration timeout) throws IOException, InterruptedException {
    try {
      // The process has exited; its pipes close unless a grandchild keeps them open, hence the bound.
      return output.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      throw new IOException("could not read the output of a credential helper", e.getCause());
    } catch (TimeoutException e) {
      throw new IOException("a credential helper kept its output open after exiting");
    }
  }
}
