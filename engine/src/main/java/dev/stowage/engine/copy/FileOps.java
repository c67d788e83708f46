package dev.stowage.engine.copy;

import dev.stowage.oci.fs.FileTrees;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.FileTime;
import java.util.List;

/** The few metadata system calls a copy needs, none of them following a final symlink. */
final class FileOps {
  private static final LinkOption[] NOFOLLOW = {LinkOption.NOFOLLOW_LINKS};

  private FileOps() {}

  /** {@code lchown}: owner first, because chown clears the setuid and setgid bits that chmod sets next. */
  static void lchown(Path path, int uid, int gid) throws IOException {
    Files.setAttribute(path, "unix:uid", uid, NOFOLLOW);
    Files.setAttribute(path, "unix:gid", gid, NOFOLLOW);
  }

  /**
   * {@code chmod(2)} with all 12 mode bits (setuid, setgid and sticky included), for an entry known not to be a
   * symlink. The JDK's no-follow variant opens the file to {@code fchmod} it: that blocks on a FIFO and would open
   * a device node, so the path-based call is used.
   */
  static void chmod(Path path, int mode) throws IOException {
    Files.setAttribute(path, "unix:mode", mode & 07777);
  }

  /**
   * Sets access and modification times without following a symlink. Not for FIFOs or device nodes: the JDK opens
   * the file to set its times (only symlinks get {@code lutimes}), which blocks on a FIFO and opens a device.
   */
  static void setTimes(Path path, FileTime mtime, FileTime atime) throws IOException {
    Files.getFileAttributeView(path, BasicFileAttributeView.class, NOFOLLOW).setTimes(mtime, atime, null);
  }

  /** {@code mkdir} with an exact mode (the umask would otherwise narrow it). */
  static void mkdir(Path path, int mode) throws IOException {
    Files.createDirectory(path);
    chmod(path, mode);
  }

  /** Removes a file, symlink or whole directory tree, never following symlinks. */
  static void removeAll(Path path) throws IOException {
    FileTrees.removeAll(path);
  }

  /** Creates a device node or FIFO with {@code mknod(1)}: the JDK has no call for it. */
  static void mknod(Path path, UnixAttrs.Type type, int mode, int major, int minor) throws IOException {
    String perm = Integer.toOctalString(mode & 07777);
    List<String> command = switch (type) {
      case CHAR_DEVICE -> List.of("mknod", "-m", perm, "--", path.toString(), "c", Integer.toString(major),
          Integer.toString(minor));
      case BLOCK_DEVICE -> List.of("mknod", "-m", perm, "--", path.toString(), "b", Integer.toString(major),
          Integer.toString(minor));
      case FIFO -> List.of("mknod", "-m", perm, "--", path.toString(), "p");
      default -> throw new IllegalArgumentException(type + " cannot be made with mknod");
    };
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    process.getOutputStream().close();
    String output;
    try (InputStream in = process.getInputStream()) {
      output = new String(in.readAllBytes(), StandardCharsets.UTF_8).strip();
    }
    try {
      if (process.waitFor() != 0) {
        throw new IOException("mknod failed: " + output);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while running mknod", e);
    }
  }
}
