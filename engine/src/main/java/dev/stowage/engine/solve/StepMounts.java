package dev.stowage.engine.solve;

import dev.stowage.engine.copy.Copier;
import dev.stowage.engine.copy.CopyRequest;
import dev.stowage.engine.copy.ScopedPaths;
import dev.stowage.engine.plan.CopySource;
import dev.stowage.engine.plan.PlannedMount;
import dev.stowage.engine.plan.PlannedStep;
import dev.stowage.engine.plan.Planner;
import dev.stowage.engine.spi.ActiveSnapshot;
import dev.stowage.engine.spi.HostMount;
import dev.stowage.oci.Digest;
import dev.stowage.oci.fs.FileTrees;
import dev.stowage.secrets.SecretId;
import dev.stowage.secrets.SecretValue;
import dev.stowage.secrets.tmpfs.MaterializedSecret;
import dev.stowage.secrets.tmpfs.VolatileDir;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The {@code RUN --mount}s of one step, made on the host with BuildKit's semantics, and everything they hold open
 * (secret files, SSH forwarders, stage snapshots, cache locks, scratch directories) until {@link #close()}, which
 * the solver calls when the step ends, also when it fails.
 *
 * <ul>
 *   <li>{@code secret}: a file on a verified tmpfs bound read-only, and/or an environment variable.
 *   <li>{@code ssh}: a socket of our own ({@link SshForwarder}) with the mount's owner and mode, forwarded to the
 *       agent; {@code SSH_AUTH_SOCK} points at the first one.
 *   <li>{@code cache}: a directory under the state directory, kept between builds; with {@code from=}, seeded from
 *       {@code source} of that stage or image the first time it is made.
 *   <li>{@code bind}: the context, a stage or an image; {@code rw} writes are discarded (a writable snapshot for a
 *       stage or image, the runtime's scratch overlay for the context, which is never written to).
 *   <li>{@code tmpfs}; and here-document scripts at {@code /dev/pipes/}.
 * </ul>
 */
final class StepMounts implements AutoCloseable {

  /** The filesystems of stages and images, which the solver unpacks and mounts. */
  interface Sources {
    /** A stage's or image's filesystem: read-only, or writable with every change thrown away on close. */
    ActiveSnapshot mount(CopySource from, boolean writable) throws IOException;

    /** What a stage's or image's filesystem holds (e.g. a digest of its layers' DiffIDs). */
    Digest identity(CopySource from);
  }

  private static final SecureRandom RANDOM = new SecureRandom();

  private final PlannedStep.Run run;
  private final Solver.Services services;
  private final Sources sources;
  private final List<AutoCloseable> resources = new ArrayList<>();
  private final List<HostMount> mounts = new ArrayList<>();
  private final Map<String, SecretValue> secretEnv = new LinkedHashMap<>();
  private VolatileDir volatileDir;
  private String sshAuthSock;

  private StepMounts(PlannedStep.Run run, Solver.Services services, Sources sources) {
    this.run = run;
    this.services = services;
    this.sources = sources;
  }

  /** Makes every mount of {@code run}; on failure, what was made is released before the exception leaves. */
  static StepMounts open(PlannedStep.Run run, Solver.Services services, Sources sources)
      throws IOException, InterruptedException {
    StepMounts step = new StepMounts(run, services, sources);
    try {
      for (PlannedMount mount : run.mounts()) {
        step.add(mount);
      }
      if (!run.inlineFiles().isEmpty()) {
        step.mounts.add(step.inlineScripts());
      }
      return step;
    } catch (IOException | InterruptedException | RuntimeException e) {
      step.close();
      throw e;
    }
  }

  /** The mounts, in the order the runtime makes them. */
  List<HostMount> mounts() {
    return List.copyOf(mounts);
  }

  /** Secret environment variables ({@code type=secret,env=}). */
  Map<String, SecretValue> secretEnv() {
    return Map.copyOf(secretEnv);
  }

  /** The step's environment with {@code SSH_AUTH_SOCK} added for an ssh mount, unless the step sets it. */
  List<String> env(List<String> env) {
    if (sshAuthSock == null || env.stream().anyMatch(e -> e.startsWith("SSH_AUTH_SOCK="))) {
      return env;
    }
    List<String> withSsh = new ArrayList<>(env);
    withSsh.add("SSH_AUTH_SOCK=" + sshAuthSock);
    return withSsh;
  }

  private void add(PlannedMount mount) throws IOException, InterruptedException {
    // instanceof, not a pattern switch: the build's start-up path (see docs/architecture.md, "Start-up")
    if (mount instanceof PlannedMount.Secret secret) {
      secret(secret);
    } else if (mount instanceof PlannedMount.Tmpfs tmpfs) {
      mounts.add(new HostMount("tmpfs", "tmpfs", tmpfs.target().orElseThrow(),
          tmpfs.size() > 0 ? List.of("nosuid", "nodev", "size=" + tmpfs.size()) : List.of("nosuid", "nodev")));
    } else if (mount instanceof PlannedMount.Cache cache) {
      mounts.add(new HostMount("bind", cacheDir(cache).toString(), cache.target().orElseThrow(),
          cache.readOnly() ? List.of("rbind", "ro") : List.of("rbind", "rw")));
    } else if (mount instanceof PlannedMount.Bind bind) {
      mounts.add(bind(bind));
    } else if (mount instanceof PlannedMount.Ssh ssh) {
      ssh(ssh);
    } else {
      throw new IllegalStateException("unhandled " + mount.getClass().getSimpleName());
    }
  }

  // ---------------------------------------------------------------- secret and ssh

  private void secret(PlannedMount.Secret secret) throws IOException {
    Optional<SecretValue> value = services.secrets().get(new SecretId(secret.id()));
    if (value.isEmpty()) {
      if (secret.required()) {
        throw failure("secret " + secret.id() + " is required but was not provided (--secret id=" + secret.id()
            + ",src=FILE or env=VAR)", null);
      }
      return; // an optional secret that is missing mounts nothing, and sets no variable
    }
    if (secret.target().isPresent()) {
      MaterializedSecret file = MaterializedSecret.write(volatileDir(), new SecretId(secret.id()), value.get(),
          secret.mode(), secret.uid(), secret.gid());
      resources.add(file);
      mounts.add(new HostMount("bind", file.path().toString(), secret.target().get(),
          List.of("rbind", "ro", "nosuid", "nodev", "noexec")));
    }
    secret.env().ifPresent(name -> secretEnv.put(name, value.get()));
  }

  private void ssh(PlannedMount.Ssh ssh) throws IOException {
    Optional<Path> agent = services.sshAgents().apply(ssh.id());
    if (agent.isEmpty()) {
      if (ssh.required()) {
        throw failure("ssh agent " + ssh.id() + " is required but was not provided (--ssh " + ssh.id()
            + "[=SOCKET|KEYFILE])", null);
      }
      return;
    }
    Path socket = volatileDir().path().resolve("ssh-" + mounts.size() + ".sock");
    SshForwarder forwarder;
    try {
      forwarder = SshForwarder.start(agent.get(), socket, ssh.uid(), ssh.gid(), ssh.mode());
    } catch (IOException | RuntimeException e) {
      throw failure("cannot serve ssh agent " + ssh.id() + " to the step at " + socket + ": " + messageOf(e), e);
    }
    resources.add(forwarder);
    String target = ssh.target().orElseThrow();
    mounts.add(new HostMount("bind", forwarder.socket().toString(), target, List.of("rbind", "nosuid", "nodev")));
    if (sshAuthSock == null) {
      sshAuthSock = target; // BuildKit points SSH_AUTH_SOCK at the first ssh mount
    }
  }

  /** One private directory on the verified tmpfs per step, for secret files and SSH sockets. */
  private VolatileDir volatileDir() {
    if (volatileDir == null) {
      volatileDir = services.volatileDirs().get();
      resources.add(volatileDir);
    }
    return volatileDir;
  }

  // ---------------------------------------------------------------- bind

  private HostMount bind(PlannedMount.Bind bind) throws IOException {
    String target = bind.target().orElseThrow();
    Path root;
    CopySource from = bind.from();
    if (from instanceof CopySource.Context) {
      root = services.context();
    } else if (from instanceof CopySource.Stage s) {
      root = mounted(s, bind.readWrite());
    } else if (from instanceof CopySource.Image i) {
      root = mounted(i, bind.readWrite());
    } else {
      throw new IllegalStateException("unhandled " + from.getClass().getSimpleName());
    }
    Path source = ScopedPaths.resolve(root, bind.source());
    if (!Files.exists(source, LinkOption.NOFOLLOW_LINKS)) {
      throw failure("bind mount source \"" + bind.source() + "\" does not exist in " + describe(bind.from()), null);
    }
    if (!bind.readWrite()) {
      return new HostMount("bind", source.toString(), target, List.of("rbind", "ro"));
    }
    // A stage's or image's writable snapshot is thrown away on close; the context must never see a write.
    return bind.from() instanceof CopySource.Context ? HostMount.discardingWrites(source.toString(), target)
        : new HostMount("bind", source.toString(), target, List.of("rbind", "rw"));
  }

  private Path mounted(CopySource from, boolean writable) throws IOException {
    ActiveSnapshot snapshot = sources.mount(from, writable);
    resources.add(snapshot);
    return snapshot.root();
  }

  // ---------------------------------------------------------------- cache

  /**
   * The directory of a cache mount, with BuildKit's sharing modes: {@code shared} lets concurrent writers in,
   * {@code locked} waits until no other step (of any build) holds the cache, {@code private} takes a directory of
   * its own when another step holds the shared one. The lock is held until the step ends. A cache with
   * {@code from=} is a different cache for each content of its source (BuildKit keys it on the id and the source's
   * snapshot), and is seeded from it when made.
   */
  private Path cacheDir(PlannedMount.Cache cache) throws IOException, InterruptedException {
    String key = sha256Hex(cache.from().isEmpty() ? cache.id()
        : cache.id() + "\u0000" + sources.identity(cache.from().get()) + "\u0000" + cleanSource(cache.source()));
    Path base = services.cacheMounts();
    Path dir = base.resolve(key);
    if (!cache.sharing().equals("shared")) {
      Files.createDirectories(base);
      FileChannel channel = FileChannel.open(base.resolve(key + ".lock"), StandardOpenOption.CREATE,
          StandardOpenOption.WRITE);
      resources.add(channel);
      FileLock lock = channel.tryLock();
      if (lock == null && cache.sharing().equals("private")) {
        dir = base.resolve(key + "-" + Long.toHexString(System.nanoTime()));
      } else {
        while (lock == null) { // locked: wait for the other step, staying interruptible
          Thread.sleep(100);
          lock = channel.tryLock();
        }
      }
    }
    if (!Files.isDirectory(dir)) {
      if (cache.from().isPresent()) {
        seed(cache, dir);
      } else {
        Files.createDirectories(dir);
        setOwnerAndMode(dir, cache.mode(), cache.uid(), cache.gid());
      }
    }
    return dir;
  }

  /**
   * Fills a new cache directory with a copy of {@code source} in the mount's stage or image (owners, modes, links
   * kept; the root takes the source directory's owner and mode, as BuildKit mounts that very directory). The copy is
   * made beside the cache and renamed into place, so a concurrent build sees a whole seed or none.
   */
  private void seed(PlannedMount.Cache cache, Path dir) throws IOException {
    CopySource from = cache.from().orElseThrow();
    String sourcePath = cleanSource(cache.source());
    Path seed = dir.resolveSibling(dir.getFileName() + ".seed-" + Long.toHexString(RANDOM.nextLong()));
    try (ActiveSnapshot view = sources.mount(from, false)) {
      Path source = ScopedPaths.resolve(view.root(), sourcePath);
      if (!Files.isDirectory(source)) {
        throw failure("cache mount source \"" + sourcePath + "\" is not a directory in " + describe(from), null);
      }
      Files.createDirectories(seed);
      Copier.copy(CopyRequest.fromFilesystem(view.root(), List.of(sourcePath), seed, "/"));
      setOwnerAndMode(seed, (Integer) Files.getAttribute(source, "unix:mode") & 0777,
          (Integer) Files.getAttribute(source, "unix:uid"), (Integer) Files.getAttribute(source, "unix:gid"));
      try {
        Files.move(seed, dir, StandardCopyOption.ATOMIC_MOVE);
      } catch (IOException raced) {
        if (!Files.isDirectory(dir)) {
          throw raced;
        } // else another build seeded it first: use theirs
      }
    } catch (StepFailedException e) {
      throw e;
    } catch (RuntimeException e) {
      throw failure("cannot seed the cache mount at " + cache.target().orElse("") + " from " + describe(from) + ": "
          + messageOf(e), e);
    } finally {
      deleteTree(seed);
    }
  }

  /** {@code source} as an absolute, clean path ({@code ..} stops at the root). */
  static String cleanSource(String source) {
    return Planner.cleanPath(source);
  }

  private static void setOwnerAndMode(Path dir, int mode, int uid, int gid) throws IOException {
    try {
      Files.setAttribute(dir, "unix:uid", uid);
      Files.setAttribute(dir, "unix:gid", gid);
      Files.setPosixFilePermissions(dir, PosixModes.of(mode));
    } catch (UnsupportedOperationException | IllegalArgumentException ignored) {
      // ownership needs a unix file system; the directory still works
    }
  }

  // ---------------------------------------------------------------- here-documents

  /** A here-document script with a shebang, mounted read-only at /dev/pipes/. */
  private HostMount inlineScripts() throws IOException {
    Path dir = Files.createTempDirectory(services.cacheMounts().getParent(), "pipes-");
    resources.add(() -> deleteTree(dir));
    for (var file : run.inlineFiles()) {
      Path script = dir.resolve(file.name());
      Files.writeString(script, file.content());
      Files.setPosixFilePermissions(script, PosixModes.of(0755));
    }
    return new HostMount("bind", dir.toString(), "/dev/pipes", List.of("rbind", "ro"));
  }

  // ---------------------------------------------------------------- helpers

  /** Releases everything, newest first; a failure to release one does not keep the others. */
  @Override
  public void close() {
    for (int i = resources.size() - 1; i >= 0; i--) {
      try {
        resources.get(i).close();
      } catch (Exception ignored) {
        // keep releasing the others; the stale-resource sweep of the next build catches what is left
      }
    }
    resources.clear();
  }

  private StepFailedException failure(String message, Throwable cause) {
    return new StepFailedException(services.dockerfileName(), run.instruction().line(), message, cause);
  }

  private static String describe(CopySource from) {
    if (from instanceof CopySource.Context) {
      return "the build context";
    } else if (from instanceof CopySource.Stage s) {
      return "stage " + s.index();
    } else if (from instanceof CopySource.Image i) {
      return "image " + i.reference();
    }
    throw new IllegalStateException("unhandled " + from.getClass().getSimpleName());
  }

  private static String messageOf(Throwable e) {
    return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
  }

  private static void deleteTree(Path dir) throws IOException {
    FileTrees.removeAll(dir);
  }

  private static String sha256Hex(String text) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
          .digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
