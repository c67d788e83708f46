package dev.stowage.runtime.runc;

import dev.stowage.engine.spi.ExecSpec;
import dev.stowage.engine.spi.HostMount;
import dev.stowage.runtime.overlay.FileTrees;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;

/**
 * The scratch space of one container's {@linkplain HostMount#writesDiscarded() write-discarding binds}, in
 * {@code <root>/<container id>/<n>/}. A directory becomes an overlay mount that runc makes inside the container's
 * mount namespace: the source is the only lower layer (reached through a {@code lower} symlink, so commas and colons
 * in its path cannot break the mount options), writes go to {@code upper} and {@code work}. A file is copied and
 * the copy bound. Nothing is ever written to the source, and nothing is mounted on the host: the overlay goes with
 * the container. {@link #close()} deletes the scratch space; {@link #sweepStale} what a killed build left.
 */
final class ScratchBinds implements AutoCloseable {
  private final Path dir;
  private final ExecSpec spec;

  private ScratchBinds(Path dir, ExecSpec spec) {
    this.dir = dir;
    this.spec = spec;
  }

  /**
   * Prepares the scratch space of {@code spec}'s write-discarding binds and returns a spec whose mounts use it
   * (the same spec, and no directory, when it has none).
   */
  static ScratchBinds prepare(Path root, String containerId, ExecSpec spec) throws IOException {
    if (spec.mounts().stream().noneMatch(HostMount::writesDiscarded)) {
      return new ScratchBinds(null, spec);
    }
    Path dir = root.resolve(containerId);
    Files.createDirectories(root);
    Files.createDirectory(dir);
    ScratchBinds scratch = new ScratchBinds(dir, spec);
    try {
      List<HostMount> mounts = new ArrayList<>();
      int index = 0;
      for (HostMount mount : spec.mounts()) {
        mounts.add(mount.writesDiscarded() ? scratch.redirect(mount, dir.resolve(Integer.toString(index++)))
            : mount);
      }
      return new ScratchBinds(dir, new ExecSpec(spec.argv(), spec.env(), spec.secretEnv(), spec.cwd(), spec.uid(),
          spec.gid(), spec.additionalGids(), spec.network(), spec.hostname(), mounts, spec.insecure()));
    } catch (IOException | RuntimeException e) {
      scratch.close();
      throw e;
    }
  }

  /** The spec to run: write-discarding binds replaced by overlays or copies in the scratch space. */
  ExecSpec spec() {
    return spec;
  }

  private HostMount redirect(HostMount mount, Path scratch) throws IOException {
    Path source = Path.of(mount.source());
    Files.createDirectory(scratch);
    if (Files.isDirectory(source)) {
      if (scratch.toRealPath().startsWith(source.toRealPath())) { // overlayfs refuses layers inside each other
        throw new IllegalArgumentException("cannot mount " + source + " writable at " + mount.destination()
            + ": Stowage's scratch directory " + scratch.getParent().getParent() + " is inside it (use a --root"
            + " outside the build context)");
      }
      Path lower = scratch.resolve("lower");
      Files.createSymbolicLink(lower, source);
      Path upper = Files.createDirectory(scratch.resolve("upper"));
      Path work = Files.createDirectory(scratch.resolve("work"));
      return new HostMount("overlay", "overlay", mount.destination(), overlayOptions(lower, upper, work));
    }
    if (!Files.exists(source)) {
      throw new NoSuchFileException(mount.source(), null, "the source of the bind mount at " + mount.destination()
          + " does not exist");
    }
    Path copy = scratch.resolve("file");
    Files.copy(source, copy, StandardCopyOption.COPY_ATTRIBUTES);
    return new HostMount("bind", copy.toString(), mount.destination(), List.of("rbind", "rw"));
  }

  /** The overlay's options; our own paths must not hold the characters that separate them. */
  static List<String> overlayOptions(Path lower, Path upper, Path work) {
    for (Path path : List.of(lower, upper, work)) {
      String text = path.toString();
      if (text.contains(",") || text.contains(":")) {
        throw new IllegalArgumentException("cannot mount an overlay from " + text + ": the state directory's path"
            + " must not contain ',' or ':'");
      }
    }
    return List.of("lowerdir=" + lower, "upperdir=" + upper, "workdir=" + work);
  }

  /** Deletes the scratch space; links (the {@code lower} one leads to the user's files) are removed, not followed. */
  @Override
  public void close() throws IOException {
    if (dir != null) {
      FileTrees.deleteTree(dir);
    }
  }

  /**
   * Deletes the scratch spaces of containers whose owner is gone (a killed build); call after their containers
   * are deleted, so no overlay is left that uses them.
   *
   * @return the directories deleted
   */
  static List<String> sweepStale(Path root) {
    List<String> swept = new ArrayList<>();
    if (!Files.isDirectory(root, LinkOption.NOFOLLOW_LINKS)) {
      return swept;
    }
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(root)) {
      for (Path entry : entries) {
        String name = entry.getFileName().toString();
        if (ContainerId.owner(name).map(o -> !o.isAlive()).orElse(false)) {
          try {
            FileTrees.deleteTree(entry);
            swept.add(entry.toString());
          } catch (IOException e) {
            // left for a later sweep
          }
        }
      }
    } catch (IOException e) {
      // an unreadable directory: nothing is deleted rather than something wrong
    }
    return swept;
  }
}
