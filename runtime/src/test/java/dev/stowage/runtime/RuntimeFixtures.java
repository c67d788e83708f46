package dev.stowage.runtime;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.stowage.oci.Digest;
import dev.stowage.oci.archive.Compression;
import dev.stowage.oci.archive.EntryType;
import dev.stowage.oci.archive.LayerEntry;
import dev.stowage.oci.archive.LayerOptions;
import dev.stowage.oci.archive.LayerResult;
import dev.stowage.oci.archive.LayerWriter;
import dev.stowage.oci.archive.MtimePolicy;
import dev.stowage.oci.archive.TarHeader;
import dev.stowage.oci.archive.TarReader;
import dev.stowage.runtime.linux.HostCapabilities;
import dev.stowage.runtime.linux.MountTable;
import dev.stowage.runtime.linux.Mounter;
import dev.stowage.runtime.linux.ProcessCommandRunner;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Shared fixtures of the privileged tests: the host check, a state directory on disk (like
 * {@code /var/lib/stowage}) that is unmounted and deleted afterwards, and layers made with the oci module's
 * {@link LayerWriter}, the first of them a tiny root file system around Debian's static busybox.
 */
public final class RuntimeFixtures {
  public static final Path BUSYBOX = Path.of("/bin/busybox");
  static final List<String> APPLETS = List.of("sh", "echo", "id", "ls", "cat", "sleep", "mkdir", "rm", "touch",
      "env", "pwd", "true", "false", "test", "hostname", "stat", "wc", "grep", "printf", "mv", "cp", "ln", "chmod",
      "head", "readlink", "mount", "cut", "sort", "tr", "sed");

  /** A layer tar on disk and its DiffID. */
  public record LayerFile(Path file, Digest diffId) {
    public InputStream open() throws IOException {
      return Files.newInputStream(file);
    }
  }

  private RuntimeFixtures() {}

  /** Skips the calling test unless this host can run the runtime (root, overlay, tmpfs, runc, attr, busybox). */
  public static void assumeLinuxRoot() {
    HostCapabilities capabilities = HostCapabilities.probe();
    assumeTrue(capabilities.ready(), () -> "skipped: this host lacks " + capabilities.missing());
    assumeTrue(Files.isExecutable(BUSYBOX),
        "skipped: no " + BUSYBOX + " (install the Debian package busybox-static)");
    assumeTrue("tmpfs".equals(fileSystemType(Path.of("/dev/shm"))), "skipped: /dev/shm is not tmpfs");
  }

  public static String fileSystemType(Path path) {
    try {
      return Files.getFileStore(path).type();
    } catch (IOException e) {
      return "";
    }
  }

  /** A fresh directory on the disk file system, as the state directory is. */
  public static Path stateDir() throws IOException {
    Path base = Files.createDirectories(Path.of("/var/tmp"));
    return Files.createTempDirectory(base, "stowage-runtime-test-");
  }

  /** Unmounts everything below {@code dir} and deletes it, whatever a failed test left. */
  public static void removeStateDir(Path dir) throws IOException {
    if (dir == null || !Files.exists(dir)) {
      return;
    }
    new Mounter(new ProcessCommandRunner()).unmountAllUnder(dir);
    if (!MountTable.read().mountPointsUnder(dir).isEmpty()) {
      throw new IllegalStateException("mounts remain under " + dir);
    }
    Files.walkFileTree(dir, new SimpleFileVisitor<>() {
      @Override
      public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
        Files.delete(file);
        return FileVisitResult.CONTINUE;
      }

      @Override
      public FileVisitResult postVisitDirectory(Path d, IOException e) throws IOException {
        Files.delete(d);
        return FileVisitResult.CONTINUE;
      }
    });
  }

  /** The busybox root file system: /bin with applet links, /etc with passwd and group, /tmp, /root, /var/lib. */
  public static LayerFile busyboxLayer(Path dir) throws IOException {
    return layer(dir.resolve("busybox.tar"), layer -> {
      try {
        layer.add(LayerEntry.of(TarHeader.directory("bin", 0755)));
        layer.add(LayerEntry.of(TarHeader.file("bin/busybox", 0755, Files.size(BUSYBOX)),
            () -> Files.newInputStream(BUSYBOX)));
        for (String applet : APPLETS.stream().sorted().toList()) {
          layer.add(LayerEntry.symlink("bin/" + applet, "busybox"));
        }
        layer.add(LayerEntry.of(TarHeader.directory("etc", 0755)));
        layer.add(text("etc/group", "root:x:0:\nstaff:x:50:\n"));
        layer.add(text("etc/passwd", "root:x:0:0:root:/root:/bin/sh\n"));
        layer.add(LayerEntry.of(TarHeader.directory("root", 0700)));
        layer.add(LayerEntry.of(TarHeader.directory("tmp", 01777)));
        layer.add(LayerEntry.of(TarHeader.directory("var", 0755)));
        layer.add(LayerEntry.of(TarHeader.directory("var/lib", 0755)));
        layer.add(LayerEntry.of(TarHeader.directory("var/lib/old", 0755)));
        layer.add(text("var/lib/old/file", "from the base layer\n"));
      } catch (IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    });
  }

  public static LayerEntry text(String path, String content) {
    return LayerEntry.file(path, content.getBytes(StandardCharsets.UTF_8));
  }

  /** Writes an uncompressed layer with the given entries (in order) and returns it with its DiffID. */
  public static LayerFile layer(Path file, Consumer<LayerWriter> entries) throws IOException {
    try (OutputStream out = Files.newOutputStream(file);
        LayerWriter layer = LayerWriter.toStream(out, LayerOptions.defaults().withCompression(Compression.NONE))) {
      entries.accept(layer);
      LayerResult result = layer.finish();
      return new LayerFile(file, result.diffId());
    }
  }

  /** A layer writer for diffs: no compression, mtimes kept. */
  public static LayerOptions diffOptions() {
    return LayerOptions.defaults().withCompression(Compression.NONE).withMtime(new MtimePolicy.Preserve());
  }

  /** The headers of an uncompressed tar. */
  public static List<TarHeader> headers(byte[] tar) {
    List<TarHeader> headers = new ArrayList<>();
    try (TarReader reader = new TarReader(new java.io.ByteArrayInputStream(tar), "test layer")) {
      for (TarHeader header; (header = reader.next()) != null; ) {
        headers.add(header);
      }
    }
    return headers;
  }

  public static TarHeader header(List<TarHeader> headers, String path) {
    return headers.stream().filter(h -> h.path().equals(path)).findFirst()
        .orElseThrow(() -> new AssertionError("no entry " + path + " in " + headers.stream().map(TarHeader::path)
            .toList()));
  }

  public static boolean isWhiteoutFile(TarHeader header) {
    return header.type() == EntryType.FILE && header.size() == 0 && header.baseName().startsWith(".wh.");
  }
}
