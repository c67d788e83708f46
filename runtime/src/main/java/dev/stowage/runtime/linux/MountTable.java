package dev.stowage.runtime.linux;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/** The mounts of this process's mount namespace, parsed from {@code /proc/self/mountinfo}. */
public final class MountTable {
  private static final Path MOUNTINFO = Path.of("/proc/self/mountinfo");

  private final List<MountInfo> mounts;

  private MountTable(List<MountInfo> mounts) {
    this.mounts = List.copyOf(mounts);
  }

  /** Reads the current table. */
  public static MountTable read() {
    try {
      return parse(Files.readString(MOUNTINFO));
    } catch (IOException e) {
      throw new UncheckedIOException("could not read " + MOUNTINFO + ": " + e.getMessage(), e);
    }
  }

  /**
   * Parses mountinfo text (proc(5)): {@code id parent major:minor root mountpoint options [optional...] - fstype
   * source superoptions}, with spaces, tabs, newlines and backslashes in paths escaped as octal.
   */
  public static MountTable parse(String text) {
    List<MountInfo> mounts = new ArrayList<>();
    for (String line : text.split("\n")) {
      if (line.isBlank()) {
        continue;
      }
      String[] fields = line.split(" ");
      int separator = List.of(fields).indexOf("-");
      if (fields.length < 7 || separator < 6 || fields.length < separator + 3) {
        throw new IllegalArgumentException("malformed mountinfo line: " + line);
      }
      mounts.add(new MountInfo(
          Integer.parseInt(fields[0]),
          Integer.parseInt(fields[1]),
          Path.of(unescape(fields[4])),
          fields[separator + 1],
          unescape(fields[separator + 2]),
          separator + 3 < fields.length ? fields[separator + 3] : ""));
    }
    return new MountTable(mounts);
  }

  public List<MountInfo> mounts() {
    return mounts;
  }

  public boolean isMountPoint(Path path) {
    Path normal = path.toAbsolutePath().normalize();
    return mounts.stream().anyMatch(m -> m.mountPoint().equals(normal));
  }

  /**
   * A mount point at or below {@code dir}, if there is one: the check before a tree is deleted, made after every
   * step (no sorting, so no comparator is built on a build's path).
   */
  public Optional<Path> anyMountPointUnder(Path dir) {
    Path normal = dir.toAbsolutePath().normalize();
    for (MountInfo mount : mounts) {
      if (mount.mountPoint().startsWith(normal)) {
        return Optional.of(mount.mountPoint());
      }
    }
    return Optional.empty();
  }

  /** The mount points at or below {@code dir}, deepest first (the order to unmount them in). */
  public List<Path> mountPointsUnder(Path dir) {
    Path normal = dir.toAbsolutePath().normalize();
    return mounts.stream()
        .map(MountInfo::mountPoint)
        .filter(p -> p.startsWith(normal))
        .distinct()
        .sorted(Comparator.comparingInt(Path::getNameCount).reversed().thenComparing(Comparator.reverseOrder()))
        .toList();
  }

  static String unescape(String field) {
    if (field.indexOf('\\') < 0) {
      return field;
    }
    StringBuilder out = new StringBuilder(field.length());
    for (int i = 0; i < field.length(); i++) {
      char c = field.charAt(i);
      if (c == '\\' && isOctal(field, i + 1)) {
        out.append((char) Integer.parseInt(field.substring(i + 1, i + 4), 8));
        i += 3;
      } else {
        out.append(c);
      }
    }
    return out.toString();
  }

  private static boolean isOctal(String s, int from) {
    if (from + 3 > s.length()) {
      return false;
    }
    for (int i = from; i < from + 3; i++) {
      char c = s.charAt(i);
      if (c < '0' || c > '7') {
        return false;
      }
    }
    return true;
  }
}
