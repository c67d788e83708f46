package dev.stowage.oci.archive;

import dev.stowage.oci.OciException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

/**
 * Device nodes and FIFOs, which the JDK can neither create nor timestamp safely: made with {@code mknod(1)}, their
 * times set with {@code touch(1)}. The JDK sets times (and, with {@code NOFOLLOW_LINKS}, modes and user xattrs)
 * through a descriptor it opens first: that open blocks forever on a FIFO without a writer and opens the device
 * behind a device node. Only path-based system calls may touch these files.
 */
final class SpecialFiles {
  private SpecialFiles() {}

  static void mknod(Path path, EntryType type, int mode, int major, int minor) {
    List<String> command = switch (type) {
      case CHAR_DEVICE -> List.of("mknod", "-m", Integer.toOctalString(mode & 0777), "--", path.toString(), "c",
          Integer.toString(major), Integer.toString(minor));
      case BLOCK_DEVICE -> List.of("mknod", "-m", Integer.toOctalString(mode & 0777), "--", path.toString(), "b",
          Integer.toString(major), Integer.toString(minor));
      case FIFO -> List.of("mknod", "-m", Integer.toOctalString(mode & 0777), "--", path.toString(), "p");
      default -> throw new IllegalArgumentException(type + " is not a special file");
    };
    String output = run(command, path);
    if (output != null || !Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
      throw new OciException("creating " + type.name().toLowerCase().replace('_', ' ') + " " + path + " failed: "
          + (output == null ? "mknod reported success but made nothing" : output));
    }
  }

  /**
   * Sets the access and modification times of {@code path} to {@code mtime} with {@code utimensat(2)} on the path,
   * never opening the file and never following a final symlink ({@code touch -h -c} does exactly that).
   */
  static void setTimes(Path path, Instant mtime) {
    // Instant keeps a floor second and a positive nanosecond part; touch wants one signed decimal number.
    String seconds = BigDecimal.valueOf(mtime.getEpochSecond()).add(BigDecimal.valueOf(mtime.getNano(), 9))
        .toPlainString();
    String output = run(List.of("touch", "-h", "-c", "-d", "@" + seconds, "--", path.toString()), path);
    if (output != null) {
      throw new OciException("setting the times of " + path + " to " + mtime + " failed: " + output);
    }
  }

  /** Runs {@code command}; null when it succeeded, else what it printed. */
  private static String run(List<String> command, Path path) {
    try {
      Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
      process.getOutputStream().close();
      String output;
      try (InputStream in = process.getInputStream()) {
        output = new String(in.readAllBytes(), StandardCharsets.UTF_8).strip();
      }
      return process.waitFor() == 0 ? null : output;
    } catch (IOException e) {
      throw new UncheckedIOException("running " + command.get(0) + " for " + path + ": " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new OciException("interrupted while running " + command.get(0) + " for " + path, e);
    }
  }
}
