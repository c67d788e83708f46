package dev.stowage.secrets.tmpfs;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * How {@link VolatileRoot#locate} looks for a place in memory.
 *
 * @param explicitRoot {@code --volatile-root}: used as is, and an error if it is not tmpfs or ramfs
 * @param candidates tried in order when there is no explicit root; each is used only if it really is tmpfs
 *     or ramfs (one of our hosts has {@code /run} on ext4)
 * @param mayMount whether to mount a private tmpfs when no candidate fits (needs root)
 * @param privateMountParent where the private mount point is made (it holds nothing once unmounted)
 * @param privateMountBytes the {@code size=} of the private tmpfs, an upper bound that costs nothing until used
 * @param noexec whether the private tmpfs is mounted {@code noexec} (nothing we put there is run)
 * @param mounts mounts and unmounts the private tmpfs (mount(8) and umount(8) by default)
 */
public record VolatileRootOptions(
    Optional<Path> explicitRoot,
    List<Path> candidates,
    boolean mayMount,
    Path privateMountParent,
    long privateMountBytes,
    boolean noexec,
    TmpfsMounts mounts) {

  /** Secrets are at most 500 KiB each and a bundle's config.json is small; 64 MiB leaves ample room. */
  public static final long DEFAULT_PRIVATE_MOUNT_BYTES = 64L * 1024 * 1024;

  public VolatileRootOptions {
    Objects.requireNonNull(explicitRoot, "explicitRoot");
    candidates = List.copyOf(candidates);
    Objects.requireNonNull(privateMountParent, "privateMountParent");
    Objects.requireNonNull(mounts, "mounts");
    if (privateMountBytes < 1024 * 1024) {
      throw new IllegalArgumentException("a private tmpfs needs at least 1 MiB, not " + privateMountBytes + " bytes");
    }
  }

  /** The defaults for this process: its environment, root or not, the system temp directory, real commands. */
  public static VolatileRootOptions defaults() {
    return defaults(System.getenv());
  }

  /**
   * Candidates {@code $XDG_RUNTIME_DIR}, {@code /dev/shm}, {@code /run}; a private mount (as root only) under
   * {@code java.io.tmpdir}.
   */
  public static VolatileRootOptions defaults(Map<String, String> env) {
    List<Path> candidates = new ArrayList<>();
    String runtimeDir = env.get("XDG_RUNTIME_DIR");
    if (runtimeDir != null && !runtimeDir.isBlank()) {
      candidates.add(Path.of(runtimeDir));
    }
    candidates.add(Path.of("/dev/shm"));
    candidates.add(Path.of("/run"));
    return new VolatileRootOptions(
        Optional.empty(),
        candidates,
        VolatileFiles.currentUid() == 0,
        Path.of(System.getProperty("java.io.tmpdir")),
        DEFAULT_PRIVATE_MOUNT_BYTES,
        true,
        TmpfsMounts.programs(CommandRunner.system()));
  }

  public VolatileRootOptions withExplicitRoot(Path root) {
    return new VolatileRootOptions(
        Optional.of(root), candidates, mayMount, privateMountParent, privateMountBytes, noexec, mounts);
  }

  public VolatileRootOptions withCandidates(List<Path> paths) {
    return new VolatileRootOptions(
        explicitRoot, paths, mayMount, privateMountParent, privateMountBytes, noexec, mounts);
  }

  public VolatileRootOptions withMayMount(boolean allowed) {
    return new VolatileRootOptions(
        explicitRoot, candidates, allowed, privateMountParent, privateMountBytes, noexec, mounts);
  }

  public VolatileRootOptions withPrivateMountParent(Path parent) {
    return new VolatileRootOptions(explicitRoot, candidates, mayMount, parent, privateMountBytes, noexec, mounts);
  }

  public VolatileRootOptions withNoexec(boolean value) {
    return new VolatileRootOptions(
        explicitRoot, candidates, mayMount, privateMountParent, privateMountBytes, value, mounts);
  }

  public VolatileRootOptions withMounts(TmpfsMounts value) {
    return new VolatileRootOptions(
        explicitRoot, candidates, mayMount, privateMountParent, privateMountBytes, noexec, value);
  }

  /** mount(8) and umount(8) run by {@code commands}. */
  public VolatileRootOptions withRunner(CommandRunner commands) {
    return withMounts(TmpfsMounts.programs(commands));
  }

  /** Every directory where an earlier, killed run may have left volatile directories or a mount. */
  public List<Path> cleanupParents() {
    List<Path> parents = new ArrayList<>();
    explicitRoot.ifPresent(parents::add);
    parents.addAll(candidates);
    parents.add(privateMountParent);
    return parents.stream().distinct().toList();
  }
}
