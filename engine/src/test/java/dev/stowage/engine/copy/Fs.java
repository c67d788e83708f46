package dev.stowage.engine.copy;

import dev.stowage.oci.archive.EntryType;
import dev.stowage.oci.archive.TarHeader;
import dev.stowage.oci.archive.TarWriter;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.GZIPOutputStream;

/** Small helpers for building and inspecting real trees in tests. */
final class Fs {
  private static final LinkOption NOFOLLOW = LinkOption.NOFOLLOW_LINKS;

  private Fs() {}

  static Path file(Path root, String relative, String content) {
    return file(root, relative, content, 0644);
  }

  static Path file(Path root, String relative, String content, int mode) {
    try {
      Path path = root.resolve(relative);
      Files.createDirectories(path.getParent());
      Files.writeString(path, content);
      FileOps.chmod(path, mode);
      return path;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static Path bytes(Path root, String relative, byte[] content) {
    try {
      Path path = root.resolve(relative);
      Files.createDirectories(path.getParent());
      Files.write(path, content);
      FileOps.chmod(path, 0644);
      return path;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static Path dir(Path root, String relative, int mode) {
    try {
      Path path = root.resolve(relative);
      Files.createDirectories(path);
      FileOps.chmod(path, mode);
      return path;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static Path symlink(Path root, String relative, String target) {
    try {
      Path path = root.resolve(relative);
      Files.createDirectories(path.getParent());
      return Files.createSymbolicLink(path, Path.of(target));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static void chown(Path path, int uid, int gid) {
    try {
      FileOps.lchown(path, uid, gid);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static UnixAttrs attrs(Path path) {
    UnixAttrs attrs = UnixAttrs.lstatOrNull(path);
    if (attrs == null) {
      throw new AssertionError(path + " does not exist");
    }
    return attrs;
  }

  /** "type mode uid:gid", e.g. "FILE 644 0:0". */
  static String meta(Path path) {
    UnixAttrs a = attrs(path);
    return a.type() + " " + Integer.toOctalString(a.mode()) + " " + a.uid() + ":" + a.gid();
  }

  static String read(Path path) {
    try {
      return Files.readString(path);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static boolean exists(Path path) {
    return Files.exists(path, NOFOLLOW);
  }

  /** One tar member: a header and, for files, its text. */
  record Member(TarHeader header, String text) {
    static Member dir(String path, int mode, int uid, int gid) {
      return new Member(TarHeader.directory(path, mode).withOwner(uid, gid), null);
    }

    static Member file(String path, String text, int mode, int uid, int gid) {
      return new Member(TarHeader.file(path, mode, text.getBytes(StandardCharsets.UTF_8).length)
          .withOwner(uid, gid), text);
    }

    static Member symlink(String path, String target) {
      return new Member(TarHeader.symlink(path, target), null);
    }

    static Member hardlink(String path, String target) {
      return new Member(TarHeader.of(path, EntryType.HARDLINK, 0644, 0, target), null);
    }
  }

  static byte[] tar(List<Member> members) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    TarWriter writer = new TarWriter(out);
    for (Member m : members) {
      writer.putEntry(m.header());
      if (m.text() != null) {
        byte[] content = m.text().getBytes(StandardCharsets.UTF_8);
        writer.write(content, 0, content.length);
      }
    }
    writer.finish();
    return out.toByteArray();
  }

  static byte[] gzip(byte[] data) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
      gz.write(data);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  /** Compresses with an installed program ({@code bzip2}, {@code xz}, {@code zstd}); null when it is missing. */
  static byte[] compressWith(String tool, byte[] data) {
    try {
      Process p = new ProcessBuilder(tool, "-c").redirectError(ProcessBuilder.Redirect.DISCARD).start();
      Thread feeder = new Thread(() -> {
        try (var in = p.getOutputStream()) {
          in.write(data);
        } catch (IOException ignored) {
          // the reader reports the failure
        }
      });
      feeder.start();
      byte[] result;
      try (InputStream in = p.getInputStream()) {
        result = in.readAllBytes();
      }
      feeder.join();
      return p.waitFor() == 0 ? result : null;
    } catch (IOException e) {
      return null;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return null;
    }
  }
}
