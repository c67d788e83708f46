package dev.stowage.runtime.linux;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * What this host offers for RUN steps: root, overlayfs, tmpfs (secret files and the runtime bundle live only
 * there) and the runc, mount, umount, getfattr and setfattr programs. Checked before a build starts, so a
 * missing piece is reported up front with the Debian package that provides it, not half-way through a build.
 */
public final class HostCapabilities {

  /** One missing piece and what to do about it. */
  public record Missing(String what, String remedy) {
    @Override
    public String toString() {
      return what + " (" + remedy + ")";
    }
  }

  /** Where programs are looked up besides {@code PATH}: sbin directories are often not on a user's path. */
  private static final List<Path> SYSTEM_DIRS = List.of(
      Path.of("/usr/local/sbin"), Path.of("/usr/local/bin"), Path.of("/usr/sbin"), Path.of("/usr/bin"),
      Path.of("/sbin"), Path.of("/bin"));

  private final List<Missing> missing;
  private final Optional<Path> runc;

  private HostCapabilities(List<Missing> missing, Optional<Path> runc) {
    this.missing = List.copyOf(missing);
    this.runc = runc;
  }

  /** Probes this host. */
  public static HostCapabilities probe() {
    return probe(Path.of("/proc"), searchPath(System.getenv("PATH")));
  }

  /**
   * Probes a host described by a proc directory (its {@code self/status} and {@code filesystems}) and the
   * directories programs are looked up in.
   */
  public static HostCapabilities probe(Path proc, List<Path> searchPath) {
    List<Missing> missing = new ArrayList<>();
    if (effectiveUid(proc) != 0) {
      missing.add(new Missing("root privileges",
          "run stowage as root, e.g. with sudo; rootless builds are not supported yet"));
    }
    Set<String> filesystems = filesystems(proc);
    if (!filesystems.contains("overlay")) {
      missing.add(new Missing("the overlay file system",
          "load it with 'modprobe overlay'; Debian's kernel (package linux-image-amd64) ships the module"));
    }
    if (!filesystems.contains("tmpfs")) {
      missing.add(new Missing("the tmpfs file system",
          "secrets are only ever written to tmpfs; use a kernel built with CONFIG_TMPFS, e.g. Debian's linux-image-amd64"));
    }
    Optional<Path> runc = find("runc", searchPath);
    if (runc.isEmpty()) {
      missing.add(new Missing("the runc program", "install the Debian package 'runc': apt-get install runc"));
    }
    for (String tool : List.of("mount", "umount")) {
      if (find(tool, searchPath).isEmpty()) {
        missing.add(new Missing("the " + tool + " program",
            "install the Debian package 'mount': apt-get install mount"));
      }
    }
    // Overlay opaque markers are trusted.* and file capabilities security.* xattrs, out of the JDK's reach.
    for (String tool : List.of("getfattr", "setfattr")) {
      if (find(tool, searchPath).isEmpty()) {
        missing.add(new Missing("the " + tool + " program",
            "install the Debian package 'attr': apt-get install attr"));
      }
    }
    return new HostCapabilities(missing, runc);
  }

  public List<Missing> missing() {
    return missing;
  }

  public boolean ready() {
    return missing.isEmpty();
  }

  /** The runc binary found. */
  public Optional<Path> runc() {
    return runc;
  }

  /** Fails with one message listing every missing piece and its remedy. */
  public void requireReady() {
    if (!missing.isEmpty()) {
      throw new HostCapabilityException(missing);
    }
  }

  static List<Path> searchPath(String pathVariable) {
    Set<Path> dirs = new LinkedHashSet<>();
    if (pathVariable != null) {
      for (String entry : pathVariable.split(":")) {
        if (!entry.isEmpty()) {
          try {
            dirs.add(Path.of(entry));
          } catch (InvalidPathException ignored) {
            // an unusable PATH entry finds nothing, as in a shell
          }
        }
      }
    }
    dirs.addAll(SYSTEM_DIRS);
    return List.copyOf(dirs);
  }

  static Optional<Path> find(String program, List<Path> searchPath) {
    for (Path dir : searchPath) {
      Path candidate = dir.resolve(program);
      if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
        return Optional.of(candidate);
      }
    }
    return Optional.empty();
  }

  /** The effective uid from {@code status} (the second number of the {@code Uid:} line); -1 if unreadable. */
  static long effectiveUid(Path proc) {
    try {
      for (String line : Files.readAllLines(proc.resolve("self/status"))) {
        if (line.startsWith("Uid:")) {
          return Long.parseLong(line.substring(4).trim().split("\\s+")[1]);
        }
      }
    } catch (IOException | RuntimeException e) {
      // reported as not root below
    }
    return -1;
  }

  /** The names of {@code /proc/filesystems} (the last column; {@code nodev} marks virtual ones). */
  static Set<String> filesystems(Path proc) {
    Set<String> names = new LinkedHashSet<>();
    try {
      for (String line : Files.readAllLines(proc.resolve("filesystems"))) {
        String[] columns = line.trim().split("\\s+");
        if (columns.length > 0 && !columns[columns.length - 1].isEmpty()) {
          names.add(columns[columns.length - 1]);
        }
      }
    } catch (IOException e) {
      // none known: each check reports its file system missing
    }
    return names;
  }
}
