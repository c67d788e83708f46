package dev.stowage.oci.archive;

import dev.stowage.oci.OciException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Device nodes and FIFOs, which the JDK cannot create: made with {@code mknod(1)}. */
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
    try {
      Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
      process.getOutputStream().close();
      String output;
      try (InputStream in = process.getInputStream()) {
        output = new String(in.readAllBytes(), StandardCharsets.UTF_8).strip();
      }
      if (process.waitFor() != 0 || !Files.exists(path, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
        throw new OciException("creating " + type.name().toLowerCase().replace('_', ' ') + " " + path + " failed: "
            + output);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("running mknod for " + path + ": " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new OciException("interrupted while creating " + path, e);
    }
  }
}
