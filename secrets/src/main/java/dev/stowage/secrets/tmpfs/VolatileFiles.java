package dev.stowage.secrets.tmpfs;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** File-system checks and wiping shared by the volatile types. */
final class VolatileFiles {
  /** The file-system types that never write to a disk (tmpfs may swap; see the docs). */
  static final Set<String> VOLATILE_TYPES = Set.of("tmpfs", "ramfs");

  private VolatileFiles() {}

  /** The type {@code FileStore.type()} reports for {@code path}, such as {@code tmpfs} or {@code ext4}. */
  static String fileSystemType(Path path) throws IOException {
    return Files.getFileStore(path).type();
  }

  static boolean isVolatile(Path path) {
    try {
      return VOLATILE_TYPES.contains(fileSystemType(path));
    } catch (IOException e) {
      return false;
    }
  }

  /** Throws unless {@code dir} is an existing directory on tmpfs or ramfs; {@code role} names it in messages. */
  static void requireVolatileDirectory(Path dir, String role) {
    if (!Files.isDirectory(dir)) {
      throw new VolatileStorageException(role + " " + dir + " does not exist or is not a directory");
    }
    String type;
    try {
      type = fileSystemType(dir);
    } catch (IOException e) {
      throw new VolatileStorageException(
          "cannot tell which file system " + role + " " + dir + " is on: " + e.getMessage(), e);
    }
    if (!VOLATILE_TYPES.contains(type)) {
      throw new VolatileStorageException(
          "refusing to keep secrets in " + role + " " + dir + ": it is on " + type
              + ", not tmpfs or ramfs, so secret bytes could reach a disk; use a tmpfs directory such as /dev/shm"
              + " (--volatile-root)");
    }
  }

  static int currentUid() {
    try {
      return (Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid");
    } catch (IOException | UnsupportedOperationException e) {
      return -1;
    }
  }

  static int uidOf(Path path) throws IOException {
    return (Integer) Files.getAttribute(path, "unix:uid", LinkOption.NOFOLLOW_LINKS);
  }

  private static long deviceOf(Path path) throws IOException {
    return ((Number) Files.getAttribute(path, "unix:dev", LinkOption.NOFOLLOW_LINKS)).longValue();
  }

  /** Overwrites a regular file with zeros over its whole length, then unlinks it. */
  static void overwriteAndDelete(Path file) throws IOException {
    BasicFileAttributes attributes =
        Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
    if (attributes.isRegularFile() && attributes.size() > 0) {
      if (!Files.isWritable(file)) {
        // The owner may have made it read-only (mode 0400 is the default for secrets); root ignores this.
        try {
          Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        } catch (IOException ignored) {
          // Not ours to change; the open below reports the real problem.
        }
      }
      try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS)) {
        ByteBuffer zeros = ByteBuffer.allocate((int) Math.min(attributes.size(), 64 * 1024));
        long remaining = attributes.size();
        while (remaining > 0) {
          zeros.clear().limit((int) Math.min(zeros.capacity(), remaining));
          remaining -= channel.write(zeros);
        }
        channel.force(false);
      }
    }
    Files.delete(file);
  }

  /**
   * Overwrites and deletes every file under {@code root}, then the directories and {@code root} itself. Never
   * follows a symbolic link and never enters or touches anything on another device (a mount point inside the
   * tree, such as a bind-mounted file or a container's root file system): those are reported instead.
   */
  static void wipeTree(Path root) {
    if (!Files.exists(root, LinkOption.NOFOLLOW_LINKS)) {
      return;
    }
    List<String> problems = new ArrayList<>();
    long rootDevice;
    try {
      rootDevice = deviceOf(root);
    } catch (IOException e) {
      throw new VolatileStorageException("cannot remove " + root + ": " + e.getMessage(), e);
    }
    try {
      Files.walkFileTree(
          root,
          new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
              if (deviceOf(dir) != rootDevice) {
                problems.add(dir + " is a mount point; unmount it first");
                return FileVisitResult.SKIP_SUBTREE;
              }
              return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
              try {
                if (deviceOf(file) != rootDevice) {
                  problems.add(file + " is a mount point; unmount it first");
                } else if (attrs.isRegularFile()) {
                  overwriteAndDelete(file);
                } else {
                  Files.delete(file);
                }
              } catch (NoSuchFileException gone) {
                // Removed meanwhile: that is the goal.
              } catch (IOException e) {
                problems.add("cannot remove " + file + ": " + e.getMessage());
              }
              return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException e) {
              if (!(e instanceof NoSuchFileException)) {
                problems.add("cannot read " + file + ": " + e.getMessage());
              }
              return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path dir, IOException e) {
              try {
                Files.deleteIfExists(dir);
              } catch (IOException failed) {
                problems.add("cannot remove directory " + dir + ": " + failed.getMessage());
              }
              return FileVisitResult.CONTINUE;
            }
          });
    } catch (IOException e) {
      problems.add(e.getMessage());
    }
    if (!problems.isEmpty()) {
      throw new VolatileStorageException(
          "could not remove " + root + " completely: " + problems.getFirst()
              + (problems.size() > 1 ? " (and " + (problems.size() - 1) + " more problems)" : ""));
    }
  }

  /** Whether {@code path} is a mount point, from {@code /proc/self/mountinfo}. */
  static boolean isMountPoint(Path path) {
    String wanted = path.toAbsolutePath().normalize().toString();
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/mountinfo"), StandardCharsets.UTF_8)) {
        String[] fields = line.split(" ");
        if (fields.length > 4 && unescapeMountPath(fields[4]).equals(wanted)) {
          return true;
        }
      }
    } catch (IOException e) {
      return false;
    }
    return false;
  }

  /** The options of the mount at {@code path} (per-mount and super-block), or empty if it is not one. */
  static List<String> mountOptions(Path path) {
    String wanted = path.toAbsolutePath().normalize().toString();
    List<String> options = new ArrayList<>();
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/mountinfo"), StandardCharsets.UTF_8)) {
        String[] fields = line.split(" ");
        if (fields.length > 5 && unescapeMountPath(fields[4]).equals(wanted)) {
          options.clear();
          options.addAll(List.of(fields[5].split(",")));
          int separator = List.of(fields).indexOf("-");
          if (separator > 0 && separator + 3 < fields.length) {
            options.addAll(List.of(fields[separator + 3].split(",")));
          }
        }
      }
    } catch (IOException e) {
      return List.of();
    }
    return List.copyOf(options);
  }

  /** mountinfo writes space, tab, newline and backslash as octal escapes ({@code \040}). */
  private static String unescapeMountPath(String field) {
    if (field.indexOf('\\') < 0) {
      return field;
    }
    StringBuilder out = new StringBuilder(field.length());
    for (int i = 0; i < field.length(); i++) {
      char c = field.charAt(i);
      if (c == '\\' && i + 3 < field.length()) {
        try {
          out.append((char) Integer.parseInt(field.substring(i + 1, i + 4), 8));
          i += 3;
          continue;
        } catch (NumberFormatException e) {
          // Not an escape after all.
        }
      }
      out.append(c);
    }
    return out.toString();
  }
}
