package dev.stowage.runtime.overlay;

import dev.stowage.engine.spi.ActiveSnapshot;
import dev.stowage.engine.spi.LayerSource;
import dev.stowage.engine.spi.Snapshot;
import dev.stowage.engine.spi.Snapshotter;
import dev.stowage.oci.Digest;
import dev.stowage.oci.DigestMismatchException;
import dev.stowage.oci.store.VerifyingInputStream;
import dev.stowage.oci.archive.Compression;
import dev.stowage.oci.archive.ExtractOptions;
import dev.stowage.oci.archive.LayerExtractor;
import dev.stowage.oci.archive.WhiteoutMode;
import dev.stowage.oci.archive.XattrAccess;
import dev.stowage.runtime.linux.CommandRunner;
import dev.stowage.runtime.linux.HostCommand;
import dev.stowage.runtime.linux.Mounter;
import dev.stowage.runtime.linux.ProcessCommandRunner;
import dev.stowage.runtime.linux.ProcessOwner;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Stacks layers with overlayfs. Each layer is unpacked once into {@code <root>/<id>/fs} with overlay whiteouts and
 * shared by every build; a writable snapshot is an upper and a work directory over those lowers. Its options name
 * the lowers by short links ({@code l/<LINK>}); {@link dev.stowage.runtime.linux.Mounter} mounts with mount(2),
 * the links made absolute, or, when that no longer fits a page, runs mount(8) in the root directory. Stacks
 * deeper than {@code maxLowers} are flattened: the bottom layers are copied once into one directory, kept for
 * reuse. A committed upper directory becomes the snapshot of its layer as is. See {@link SnapshotLayout}.
 *
 * <p>Unpacks and commits are atomic (a temporary directory renamed into place), so two processes doing the same
 * work both succeed and one copy is kept. {@link #sweepStale()} removes what a killed process left.
 */
public final class OverlaySnapshotter implements Snapshotter {
  /** Docker allows 128 layers per image; beyond this many lowers, the bottom ones are flattened. */
  public static final int DEFAULT_MAX_LOWERS = 100;
  private static final Duration COPY_TIMEOUT = Duration.ofHours(2);
  private static final SecureRandom RANDOM = new SecureRandom();

  private final SnapshotLayout layout;
  private final Mounter mounter;
  private final CommandRunner runner;
  private final XattrAccess xattrs;
  private final int maxLowers;
  private final ProcessOwner owner = ProcessOwner.current();
  /** Snapshots mounted and not yet closed or committed, for {@link #closeAll()}. */
  private final Set<OverlayActiveSnapshot> open = ConcurrentHashMap.newKeySet();
  /**
   * Layers seen unpacked: a published snapshot is never removed while a build holds the state lock, and every step
   * asks again for all of its parents (a file read each, quadratic in the number of steps).
   */
  private final Set<Digest> present = ConcurrentHashMap.newKeySet();
  /** The lowerdir= entry of each published snapshot used so far: its link file, read once (the same reason). */
  private final Map<String, String> lowerDirs = new ConcurrentHashMap<>();

  /**
   * A snapshotter under {@code root} with mount system calls and xattr system calls (mount(8) and the attr tools
   * where the JDK cannot make them) and the default flattening threshold.
   */
  public OverlaySnapshotter(Path root) throws IOException {
    this(root, new ProcessCommandRunner(), XattrAccess.system(), DEFAULT_MAX_LOWERS);
  }

  /**
   * @param root the state directory, e.g. {@code /var/lib/stowage/snapshots}
   * @param runner runs cp, and mount(8) and umount(8) where a system call cannot do the work
   * @param xattrs reads and writes {@code trusted.*} and {@code security.*} attributes (overlay opaque markers,
   *     file capabilities)
   * @param maxLowers the most lower directories in one mount before the bottom ones are flattened (at least 2)
   */
  public OverlaySnapshotter(Path root, CommandRunner runner, XattrAccess xattrs, int maxLowers) throws IOException {
    if (maxLowers < 2) {
      throw new IllegalArgumentException("maxLowers must be at least 2, got " + maxLowers);
    }
    this.layout = new SnapshotLayout(root.toAbsolutePath().normalize());
    this.runner = runner;
    this.mounter = new Mounter(runner);
    this.xattrs = xattrs;
    this.maxLowers = maxLowers;
    createDirectories();
  }

  public SnapshotLayout layout() {
    return layout;
  }

  @Override
  public boolean has(Digest diffId) {
    if (present.contains(diffId)) {
      return true;
    }
    boolean recorded = recorded(SnapshotLayout.layerId(diffId), diffId.toString());
    if (recorded) {
      present.add(diffId);
    }
    return recorded;
  }

  @Override
  public Snapshot unpack(Digest diffId, LayerSource source) throws IOException {
    if (has(diffId)) {
      return new Snapshot(diffId);
    }
    Path tmp = newTempDir();
    try {
      Path fs = Files.createDirectory(tmp.resolve(SnapshotLayout.FS));
      try (InputStream raw = source.open()) {
        // The DiffID is checked in the same pass that unpacks: the stream fails at its end on a mismatch.
        InputStream tar = new VerifyingInputStream(Compression.detectAndDecompress(raw), diffId, -1,
            "its uncompressed content");
        LayerExtractor.extract(tar, fs, extractOptions(), "layer " + diffId);
        tar.transferTo(OutputStream.nullOutputStream()); // the tar trailer's padding counts too
      } catch (DigestMismatchException e) {
        throw new SnapshotException("layer " + diffId + " was refused: " + e.getMessage()
            + " (the blob is corrupt or belongs to another layer)");
      }
      Files.writeString(tmp.resolve(SnapshotLayout.DIFF_ID_FILE), diffId.toString());
      publish(tmp, SnapshotLayout.layerId(diffId));
      return new Snapshot(diffId);
    } finally {
      FileTrees.deleteTree(tmp);
    }
  }

  @Override
  public ActiveSnapshot prepare(List<Snapshot> parents) throws IOException {
    Path dir = newActiveDir();
    try {
      Path upper = Files.createDirectory(dir.resolve("upper"));
      Files.setPosixFilePermissions(upper, PosixFilePermissions.fromString("rwxr-xr-x"));
      Files.createDirectory(dir.resolve("work"));
      Path merged = Files.createDirectory(dir.resolve("merged"));
      String relative = SnapshotLayout.ACTIVE + "/" + dir.getFileName();
      mount(options(parents, lowers -> OverlayOptions.writable(
          lowers.isEmpty() ? List.of(SnapshotLayout.EMPTY) : lowers, relative + "/upper", relative + "/work")),
          merged);
      return opened(new OverlayActiveSnapshot(this, dir, false));
    } catch (IOException | RuntimeException e) {
      discard(dir, e);
      throw e;
    }
  }

  @Override
  public ActiveSnapshot view(List<Snapshot> parents) throws IOException {
    Path dir = newActiveDir();
    try {
      Path merged = Files.createDirectory(dir.resolve("merged"));
      mount(options(parents, lowers -> {
        // A read-only overlay needs two lowers; empty ones change nothing.
        List<String> all = new ArrayList<>(lowers);
        all.add(SnapshotLayout.EMPTY);
        if (all.size() < 2) {
          all.add(SnapshotLayout.EMPTY_SECOND);
        }
        return OverlayOptions.readOnly(all);
      }), merged);
      return opened(new OverlayActiveSnapshot(this, dir, true));
    } catch (IOException | RuntimeException e) {
      discard(dir, e);
      throw e;
    }
  }

  /**
   * Removes what killed processes left: mounts and directories of active snapshots whose owner is gone, and
   * unfinished unpacks and commits. Snapshots of live processes (other builds) are left alone.
   *
   * @return the directories removed
   */
  public List<Path> sweepStale() throws IOException {
    List<Path> removed = new ArrayList<>();
    for (Path dir : list(layout.active())) {
      if (isStale(dir)) {
        mounter.unmountAllUnder(dir);
        FileTrees.deleteTree(dir);
        removed.add(dir);
      }
    }
    for (Path dir : list(layout.tmp())) {
      if (isStale(dir)) {
        mounter.unmountAllUnder(dir);
        FileTrees.deleteTree(dir);
        removed.add(dir);
      }
    }
    return removed;
  }

  /**
   * Unmounts and discards every snapshot still open (on Ctrl-C or SIGTERM, while the build thread may be closing
   * them too: closing is idempotent). Failures are collected, not thrown, so every snapshot gets its turn.
   *
   * @return one line per snapshot that could not be closed
   */
  public List<String> closeAll() {
    List<String> problems = new ArrayList<>();
    for (OverlayActiveSnapshot snapshot : List.copyOf(open)) {
      try {
        snapshot.close();
      } catch (IOException | RuntimeException e) {
        problems.add(snapshot + ": " + e.getMessage());
      }
    }
    return problems;
  }

  // ---- used by OverlayActiveSnapshot

  private OverlayActiveSnapshot opened(OverlayActiveSnapshot snapshot) {
    open.add(snapshot);
    return snapshot;
  }

  void closed(OverlayActiveSnapshot snapshot) {
    open.remove(snapshot);
  }

  XattrAccess xattrs() {
    return xattrs;
  }

  void unmount(Path mountPoint) {
    mounter.unmount(mountPoint);
  }

  /** Moves a finished upper directory into place as the snapshot of {@code diffId}, unless one exists. */
  void adoptUpper(Path upper, Digest diffId) throws IOException {
    if (has(diffId)) {
      return;
    }
    Path tmp = newTempDir();
    try {
      Files.move(upper, tmp.resolve(SnapshotLayout.FS), StandardCopyOption.ATOMIC_MOVE);
      Files.writeString(tmp.resolve(SnapshotLayout.DIFF_ID_FILE), diffId.toString());
      publish(tmp, SnapshotLayout.layerId(diffId));
    } finally {
      FileTrees.deleteTree(tmp);
    }
  }

  // ---- lowers, flattening, publishing

  /**
   * The mount options for {@code stack}: its lower directories, topmost first, flattened until the options fit a
   * page. A layer that occurs twice (two steps that changed nothing write the same empty layer) is kept only where
   * it occurs last: overlayfs refuses a directory twice, and the upper occurrence decides every path it mentions.
   */
  private OverlayOptions options(List<Snapshot> stack, Function<List<String>, OverlayOptions> withLowers)
      throws IOException {
    for (Snapshot parent : stack) {
      if (!has(parent.diffId())) {
        throw new SnapshotException("layer " + parent.diffId() + " is not unpacked in " + layout.root()
            + "; unpack it before stacking on it");
      }
    }
    List<Snapshot> parents = withoutLowerDuplicates(stack);
    for (int limit = maxLowers; ; limit = Math.max(2, limit / 2)) {
      OverlayOptions options = withLowers.apply(lowers(parents, limit));
      if (options.fits() || limit <= 2) {
        return options;
      }
    }
  }

  static List<Snapshot> withoutLowerDuplicates(List<Snapshot> stack) {
    List<Snapshot> kept = new ArrayList<>();
    Set<Snapshot> seen = new HashSet<>();
    for (int i = stack.size() - 1; i >= 0; i--) {
      if (seen.add(stack.get(i))) {
        kept.add(0, stack.get(i));
      }
    }
    return kept;
  }

  private List<String> lowers(List<Snapshot> parents, int limit) throws IOException {
    List<String> lowers = new ArrayList<>();
    int keep = parents.size() <= limit ? parents.size() : limit - 1;
    int flattened = parents.size() - keep;
    for (int i = parents.size() - 1; i >= flattened; i--) {
      lowers.add(lowerDir(SnapshotLayout.layerId(parents.get(i).diffId())));
    }
    if (flattened > 0) {
      lowers.add(lowerDir(flatten(parents.subList(0, flattened))));
    }
    return lowers;
  }

  /** Copies the merged view of {@code stack} into one directory, once; returns its snapshot id. */
  private String flatten(List<Snapshot> stack) throws IOException {
    List<Digest> diffIds = stack.stream().map(Snapshot::diffId).toList();
    String id = SnapshotLayout.flatId(diffIds);
    String chain = SnapshotLayout.chainId(diffIds).toString();
    if (recorded(id, chain)) {
      return id;
    }
    Path tmp = newTempDir();
    try {
      Path fs = Files.createDirectory(tmp.resolve(SnapshotLayout.FS));
      try (ActiveSnapshot view = view(stack)) {
        // cp -a keeps owners, modes, times, hard links, devices and xattrs (file capabilities); the view has
        // already applied every whiteout, so the copy has none.
        runner.runChecked(new HostCommand(List.of("cp", "-a", "--", view.root() + "/.", fs.toString()),
            Optional.empty(), COPY_TIMEOUT));
      }
      Files.writeString(tmp.resolve(SnapshotLayout.DIFF_ID_FILE), chain);
      publish(tmp, id);
      return id;
    } finally {
      FileTrees.deleteTree(tmp);
    }
  }

  private String lowerDir(String id) throws IOException {
    String known = lowerDirs.get(id);
    if (known != null) {
      return known;
    }
    String lowerDir = SnapshotLayout.LINKS + "/"
        + Files.readString(layout.snapshotDir(id).resolve(SnapshotLayout.LINK_FILE)).strip();
    lowerDirs.put(id, lowerDir);
    return lowerDir;
  }

  /**
   * Gives the complete directory {@code tmp} its short link and renames it to {@code id}. When another process
   * was first, its copy is kept and ours is deleted by the caller.
   */
  void publish(Path tmp, String id) throws IOException {
    String link = createLink(id);
    Files.writeString(tmp.resolve(SnapshotLayout.LINK_FILE), link);
    Path target = layout.snapshotDir(id);
    try {
      Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      // rename(2) fails with ENOTEMPTY (a plain FileSystemException in Java) when another process published the
      // same snapshot first; theirs is identical. Anything else is a real failure.
      if (!Files.exists(target.resolve(SnapshotLayout.DIFF_ID_FILE), LinkOption.NOFOLLOW_LINKS)) {
        throw e;
      }
    }
  }

  private String createLink(String id) throws IOException {
    String target = "../" + id + "/" + SnapshotLayout.FS;
    for (int attempt = 0; ; attempt++) {
      String name = SnapshotLayout.linkName(id, attempt);
      Path link = layout.links().resolve(name);
      try {
        Files.createSymbolicLink(link, Path.of(target));
        return name;
      } catch (FileAlreadyExistsException e) {
        if (Files.readSymbolicLink(link).toString().equals(target)) {
          return name;
        }
        // taken by another snapshot: try a longer name
      }
    }
  }

  /** Whether snapshot {@code id} is complete and records {@code expected}; a different record is a collision. */
  private boolean recorded(String id, String expected) {
    Path file = layout.snapshotDir(id).resolve(SnapshotLayout.DIFF_ID_FILE);
    String found;
    try {
      found = Files.readString(file, StandardCharsets.UTF_8).strip();
    } catch (NoSuchFileException e) {
      return false;
    } catch (IOException e) {
      throw new UncheckedIOException("reading " + file + ": " + e.getMessage(), e);
    }
    if (!found.equals(expected)) {
      throw new SnapshotException("snapshot directory " + layout.snapshotDir(id) + " holds " + found
          + ", not " + expected + " (a short-id collision); move it away and retry");
    }
    return true;
  }

  private ExtractOptions extractOptions() {
    return ExtractOptions.defaults()
        .withWhiteouts(WhiteoutMode.OVERLAY)
        .withXattrs(xattrs)
        .withOwnership(true)
        .withDevices(true);
  }

  private void mount(OverlayOptions options, Path merged) {
    if (!options.fits()) {
      throw new SnapshotException("overlay mount options for " + merged + " are " + options.render().length()
          + " bytes, more than the " + OverlayOptions.MAX_LENGTH + " the kernel accepts");
    }
    mounter.mount("overlay", "overlay", merged, options.render(), layout.root());
  }

  private void discard(Path dir, Exception cause) {
    try {
      mounter.unmountAllUnder(dir);
      FileTrees.deleteTree(dir);
    } catch (IOException | RuntimeException e) {
      cause.addSuppressed(e);
    }
  }

  private Path newActiveDir() throws IOException {
    return Files.createDirectory(layout.active().resolve(ownedName()));
  }

  private Path newTempDir() throws IOException {
    return Files.createDirectory(layout.tmp().resolve(ownedName()));
  }

  /** {@code <pid>.<start>-<random>}: unique, and tells {@link #sweepStale} whose it is. */
  private String ownedName() {
    byte[] random = new byte[4];
    RANDOM.nextBytes(random);
    return owner.tag() + "-" + HexFormat.of().formatHex(random);
  }

  private static boolean isStale(Path dir) {
    String name = dir.getFileName().toString();
    int dash = name.indexOf('-');
    Optional<ProcessOwner> dirOwner = dash < 0 ? Optional.empty() : ProcessOwner.parseTag(name.substring(0, dash));
    return dirOwner.map(o -> !o.isAlive()).orElse(true);
  }

  private static List<Path> list(Path dir) throws IOException {
    List<Path> entries = new ArrayList<>();
    try (DirectoryStream<Path> stream = Files.newDirectoryStream(dir)) {
      stream.forEach(entries::add);
    } catch (NoSuchFileException e) {
      return entries;
    }
    return entries;
  }

  private void createDirectories() throws IOException {
    Files.createDirectories(layout.root());
    Files.setPosixFilePermissions(layout.root(), PosixFilePermissions.fromString("rwx------"));
    for (Path dir : List.of(layout.links(), layout.active(), layout.tmp(),
        layout.root().resolve(SnapshotLayout.EMPTY), layout.root().resolve(SnapshotLayout.EMPTY_SECOND))) {
      Files.createDirectories(dir);
    }
    for (String empty : List.of(SnapshotLayout.EMPTY, SnapshotLayout.EMPTY_SECOND)) {
      Files.setPosixFilePermissions(layout.root().resolve(empty), PosixFilePermissions.fromString("rwxr-xr-x"));
    }
    if (!Files.isDirectory(layout.root(), LinkOption.NOFOLLOW_LINKS)) {
      throw new SnapshotException(layout.root() + " is not a directory");
    }
  }
}
