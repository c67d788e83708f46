package dev.stowage.runtime.runc;

import dev.stowage.engine.spi.ActiveSnapshot;
import dev.stowage.engine.spi.ExecSpec;
import dev.stowage.engine.spi.Executor;
import dev.stowage.engine.spi.HostMount;
import dev.stowage.runtime.linux.CommandResult;
import dev.stowage.runtime.linux.CommandRunner;
import dev.stowage.runtime.linux.HostCommand;
import dev.stowage.runtime.linux.ProcessOwner;
import dev.stowage.runtime.overlay.MountStubs;
import dev.stowage.runtime.overlay.RootPath;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Runs RUN steps with {@code runc run}: a bundle on tmpfs ({@link BundleFactory}), the root file system of an
 * {@link ActiveSnapshot}, stdin closed, and stdout plus stderr streamed to the caller as they come. An interrupt
 * kills the container ({@code runc kill KILL}; the whole pid namespace goes with its init) and rethrows. The
 * container, the bundle, the scratch space of write-discarding binds ({@link ScratchBinds}) and the still-empty
 * mount stubs are always removed. Steps run under Docker's default seccomp profile ({@link SeccompProfile}).
 */
public final class RuncExecutor implements Executor {
  private static final Set<String> NETWORKS = Set.of("none", "host");
  private static final Duration STOP_TIMEOUT = Duration.ofSeconds(10);
  private static final long STOP_POLL_MILLIS = 100;

  private final Path runc;
  private final Path stateDir;
  private final Path scratchRoot;
  private final BundleFactory bundles;
  private final CommandRunner runner;
  private final ProcessOwner owner = ProcessOwner.current();
  /** Containers whose {@link #run} has not finished cleaning up yet. */
  private final Set<String> running = ConcurrentHashMap.newKeySet();

  /**
   * @param runc the runc binary
   * @param stateDir runc's state directory ({@code runc --root}), e.g. {@code <state>/runc}
   * @param bundles makes the bundles, on tmpfs
   * @param runner runs {@code runc kill}, {@code delete} and {@code list}
   */
  public RuncExecutor(Path runc, Path stateDir, BundleFactory bundles, CommandRunner runner) {
    this(runc, stateDir, stateDir.resolveSibling(stateDir.getFileName() + "-scratch"), bundles, runner);
  }

  /**
   * @param scratchRoot where the writes of {@linkplain HostMount#writesDiscarded() write-discarding binds} go
   *     while a step runs (on a file system overlayfs accepts as upper, like the snapshots'), one directory per
   *     container
   */
  public RuncExecutor(Path runc, Path stateDir, Path scratchRoot, BundleFactory bundles, CommandRunner runner) {
    this.runc = runc;
    this.stateDir = stateDir;
    this.scratchRoot = scratchRoot;
    this.bundles = bundles;
    this.runner = runner;
  }

  @Override
  public ExecResult run(ExecSpec spec, ActiveSnapshot rootfs, OutputStream output)
      throws IOException, InterruptedException {
    if (!NETWORKS.contains(spec.network())) {
      throw new IllegalArgumentException("network mode '" + spec.network() + "' is not supported: use none or host");
    }
    Path root = rootfs.root();
    MountStubs stubs = MountStubs.record(root, destinations(spec));
    String id = ContainerId.next(owner);
    running.add(id);
    try {
      int exitCode;
      ScratchBinds scratch = null;
      try {
        createWorkingDirectory(root, spec.cwd());
        scratch = ScratchBinds.prepare(scratchRoot, id, spec);
        try (Bundle bundle = bundles.create(scratch.spec(), root)) {
          exitCode = runContainer(id, bundle, scratch.spec(), root, output);
        }
      } catch (IOException | InterruptedException | RuntimeException | Error e) {
        cleanUp(id, stubs, scratch, e, false);
        throw e;
      }
      // runc run deletes the container when its process exits (unless --keep): no second runc call per step.
      return new ExecResult(exitCode, cleanUp(id, stubs, scratch, null, true));
    } finally {
      running.remove(id);
    }
  }

  /**
   * Kills every container this executor is running (on Ctrl-C or SIGTERM) and waits up to {@code wait} for their
   * {@link #run} calls to finish cleaning up: container deleted, bundle wiped, stubs removed.
   */
  public void stopAll(Duration wait) {
    for (String id : List.copyOf(running)) {
      runner.run(runcCommand("kill", id, "KILL"));
    }
    long deadline = System.nanoTime() + wait.toNanos();
    while (!running.isEmpty() && System.nanoTime() < deadline) {
      try {
        Thread.sleep(STOP_POLL_MILLIS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  /**
   * Deletes containers a killed earlier Stowage process left in runc's state directory (ids with our prefix
   * whose owner is gone), then their scratch space. Safe to run while other Stowage processes build: their
   * containers' owners live.
   *
   * @return the ids and directories deleted
   */
  public List<String> sweepStale() {
    // runc keeps one directory per container under its root, named by the id: reading the names is enough to
    // find the stale ones, so a clean start runs no runc process at all.
    List<String> swept = new ArrayList<>();
    for (String id : containerIds()) {
      boolean stale = ContainerId.owner(id).map(o -> !o.isAlive()).orElse(false);
      if (stale) {
        runner.run(runcCommand("kill", id, "KILL"));
        runner.run(runcCommand("delete", "--force", id));
        swept.add(id);
      }
    }
    // Only ever upper and work directories (the source is behind a link that is not followed): safe to delete.
    ScratchBinds.sweepStale(scratchRoot).forEach(dir -> swept.add("scratch " + dir));
    return swept;
  }

  private List<String> containerIds() {
    List<String> ids = new ArrayList<>();
    try (var entries = Files.newDirectoryStream(stateDir, entry -> Files.isDirectory(entry, LinkOption.NOFOLLOW_LINKS))) {
      entries.forEach(entry -> ids.add(entry.getFileName().toString()));
    } catch (NoSuchFileException e) {
      // no container was ever created here
    } catch (IOException e) {
      // an unreadable state directory: nothing is deleted rather than something wrong
    }
    return ids;
  }

  /** Every container path something is mounted at: the defaults, then the step's own mounts. */
  static List<String> destinations(ExecSpec spec) {
    List<String> destinations = new ArrayList<>(RuntimeSpecFactory.defaultDestinations());
    for (HostMount mount : spec.mounts()) {
      destinations.add(mount.destination());
    }
    return destinations;
  }

  private int runContainer(String id, Bundle bundle, ExecSpec spec, Path root, OutputStream output)
      throws IOException, InterruptedException {
    List<String> argv = List.of(runc.toString(), "--root", stateDir.toString(), "--log", bundle.log().toString(),
        "--log-format", "json", "run", "--bundle", bundle.dir().toString(), "--no-new-keyring", id);
    ProcessBuilder builder = new ProcessBuilder(argv)
        .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
        .redirectErrorStream(true); // one stream keeps stdout and stderr in the order they were written
    builder.environment().put("LC_ALL", "C");
    Process process = builder.start();
    OutputPump pump = OutputPump.start(process.getInputStream(), output);
    int exitCode;
    try {
      exitCode = process.waitFor();
    } catch (InterruptedException e) {
      stop(id, process);
      pump.awaitQuietly();
      throw e;
    }
    pump.await();
    if (exitCode != 0) {
      failIfNotStarted(exitCode, bundle, spec, root);
    }
    return exitCode;
  }

  /** Kills the container and waits for {@code runc run} to exit, even on an interrupted thread. */
  private void stop(String id, Process process) {
    long deadline = System.nanoTime() + STOP_TIMEOUT.toNanos();
    // runc kill fails until runc has created the container; keep trying until runc run exits.
    while (process.isAlive() && System.nanoTime() < deadline) {
      runner.run(runcCommand("kill", id, "KILL"));
      waitQuietly(process, STOP_POLL_MILLIS);
    }
    if (process.isAlive()) {
      process.destroyForcibly();
      waitQuietly(process, STOP_TIMEOUT.toMillis());
    }
  }

  private static void waitQuietly(Process process, long millis) {
    boolean interrupted = Thread.interrupted();
    try {
      process.waitFor(millis, TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      interrupted = true;
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /**
   * Tells a process that never started (runc reports why in its log; an exec format error only shows as exit
   * code 1, so the program's first bytes are checked) from one that ran and failed.
   */
  private void failIfNotStarted(int exitCode, Bundle bundle, ExecSpec spec, Path root) throws IOException {
    List<String> errors;
    try {
      errors = RuncLog.errors(Files.readString(bundle.log()));
    } catch (NoSuchFileException e) {
      errors = List.of();
    }
    String command = "process \"" + String.join(" ", spec.argv()) + "\"";
    if (!errors.isEmpty()) {
      throw new ContainerStartException(command + " could not start: " + errors.get(errors.size() - 1));
    }
    if (exitCode == 1 && !looksExecutable(root, spec)) {
      throw new ContainerStartException(command + " could not start: exec format error: " + spec.argv().get(0)
          + " is neither a program for this machine nor a script with a #! line");
    }
  }

  /** Whether argv[0] starts like an ELF binary or a script; true when it cannot be found (e.g. under a mount). */
  private static boolean looksExecutable(Path root, ExecSpec spec) {
    try {
      Path program = findProgram(root, spec);
      if (program == null || !Files.isRegularFile(program)) {
        return true;
      }
      byte[] head = new byte[4];
      int n;
      try (InputStream in = Files.newInputStream(program)) {
        n = in.readNBytes(head, 0, 4);
      }
      boolean elf = n == 4 && head[0] == 0x7f && head[1] == 'E' && head[2] == 'L' && head[3] == 'F';
      boolean script = n >= 2 && head[0] == '#' && head[1] == '!';
      return elf || script;
    } catch (IOException e) {
      return true;
    }
  }

  private static Path findProgram(Path root, ExecSpec spec) throws IOException {
    String name = spec.argv().get(0);
    if (name.contains("/")) {
      return RootPath.hostPath(root, name);
    }
    String path = spec.env().stream().filter(e -> e.startsWith("PATH=")).findFirst()
        .orElse(RuntimeSpecFactory.DEFAULT_PATH).substring("PATH=".length());
    for (String dir : path.split(":")) {
      if (!dir.isEmpty()) {
        Path candidate = RootPath.hostPath(root, dir + "/" + name);
        if (Files.isRegularFile(candidate)) {
          return candidate;
        }
      }
    }
    return null;
  }

  /** Creates the working directory when missing (0755, root-owned), as BuildKit does; it stays in the layer. */
  static void createWorkingDirectory(Path root, String cwd) throws IOException {
    String resolved = RootPath.resolve(root, cwd);
    Path dir = root;
    for (String part : resolved.substring(1).split("/")) {
      if (part.isEmpty()) {
        continue;
      }
      dir = dir.resolve(part);
      if (!Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
        Files.createDirectory(dir);
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
      }
    }
  }

  /**
   * Deletes the container (unless {@code runc run} already did, as it does when it runs to its end), the scratch space of
   * its write-discarding binds and the empty stubs; with a {@code failure} pending, problems are added to it.
   */
  private Set<String> cleanUp(String id, MountStubs stubs, ScratchBinds scratch, Throwable failure,
      boolean deletedByRunc) throws IOException {
    RuntimeException deleteProblem = null;
    try {
      if (!deletedByRunc) {
        delete(id);
      }
    } catch (RuntimeException e) {
      deleteProblem = e;
    }
    if (scratch != null && deleteProblem == null) { // a container that may still run keeps its overlay's dirs
      try {
        scratch.close();
      } catch (IOException e) {
        if (failure == null) {
          throw e;
        }
        failure.addSuppressed(e);
      }
    }
    Set<String> removed = Set.of();
    try {
      removed = stubs.removeEmpty();
    } catch (IOException | RuntimeException e) {
      if (failure == null && deleteProblem == null) {
        throw e;
      }
      (failure != null ? failure : deleteProblem).addSuppressed(e);
    }
    if (deleteProblem != null) {
      if (failure == null) {
        throw deleteProblem;
      }
      failure.addSuppressed(deleteProblem);
    }
    return removed;
  }

  /** {@code runc delete --force}; a container that was never created is fine. */
  private void delete(String id) {
    CommandResult result = runner.run(runcCommand("delete", "--force", id));
    if (!result.succeeded() && !result.diagnostic().contains("does not exist")
        && !result.diagnostic().contains("not exist")) {
      throw new IllegalStateException("could not delete container " + id + " with 'runc delete --force': "
          + result.diagnostic());
    }
  }

  private HostCommand runcCommand(String... args) {
    List<String> argv = new ArrayList<>(List.of(runc.toString(), "--root", stateDir.toString()));
    argv.addAll(List.of(args));
    return HostCommand.of(argv);
  }
}
