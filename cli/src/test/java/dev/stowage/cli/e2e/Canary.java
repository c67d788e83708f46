package dev.stowage.cli.e2e;

import dev.stowage.oci.archive.Compression;
import dev.stowage.oci.archive.TarHeader;
import dev.stowage.oci.archive.TarReader;
import dev.stowage.secrets.SecretId;
import dev.stowage.secrets.SecretValue;
import dev.stowage.secrets.redact.SecretMatch;
import dev.stowage.secrets.redact.SecretMatcher;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * A fresh random secret for one test, and the search for it: raw and in every encoding the build guard knows
 * (base64, hex, URL and JSON escaping), in files as stored and, for gzip and zstd files, decompressed, across
 * whole directory trees. A hit names the file and the encoding, never the value.
 */
final class Canary implements AutoCloseable {
  private static final SecureRandom RANDOM = new SecureRandom();

  private final String value;
  private final SecretMatcher matcher;

  Canary() {
    this(randomValue());
  }

  /** A canary with a given value (e.g. a line of a generated private key). */
  Canary(String value) {
    this.value = value;
    this.matcher = SecretMatcher.of(Map.of(new SecretId("canary"), SecretValue.ofUtf8(value)));
  }

  private static String randomValue() {
    byte[] bytes = new byte[24];
    RANDOM.nextBytes(bytes);
    return "canary-" + HexFormat.of().formatHex(bytes);
  }

  String value() {
    return value;
  }

  /** Where the canary occurs in this text ("" when nowhere). */
  String foundIn(String text) {
    List<SecretMatch> matches = matcher.findAll(text.getBytes(StandardCharsets.UTF_8));
    return matches.isEmpty() ? "" : "text (" + matches.get(0).encoding() + ")";
  }

  /** Every file under the roots holding the canary in any encoding, as stored or decompressed. */
  List<String> filesHolding(Path... roots) throws IOException {
    List<String> hits = new ArrayList<>();
    for (Path root : roots) {
      if (!Files.exists(root, LinkOption.NOFOLLOW_LINKS)) {
        continue;
      }
      Files.walkFileTree(root, new SimpleFileVisitor<>() {
        @Override
        public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
          if (attrs.isRegularFile() && !file.startsWith("/proc") && !file.startsWith("/sys")) {
            String hit;
            try {
              hit = search(file);
            } catch (java.nio.file.NoSuchFileException e) {
              return FileVisitResult.CONTINUE; // deleted since it was listed (a temp file of another process)
            }
            if (!hit.isEmpty()) {
              hits.add(file + " " + hit);
            }
          }
          return FileVisitResult.CONTINUE;
        }

        @Override
        public FileVisitResult visitFileFailed(Path file, IOException e) {
          return FileVisitResult.CONTINUE; // vanished while walking (another test's temp file)
        }
      });
    }
    return hits;
  }

  private String search(Path file) throws IOException {
    String raw = scan(Files.newInputStream(file));
    if (!raw.isEmpty()) {
      return raw;
    }
    byte[] head;
    try (InputStream in = Files.newInputStream(file)) {
      head = in.readNBytes(512);
    }
    if (isTar(head)) {
      return searchTar(file);
    }
    Compression compression = Compression.detect(head, head.length);
    if (compression == Compression.NONE) {
      return "";
    }
    try (InputStream in = compression.decompress(new BufferedInputStream(Files.newInputStream(file)))) {
      String decompressed = scan(in);
      return decompressed.isEmpty() ? "" : decompressed + " after " + compression;
    } catch (IOException | RuntimeException notReallyCompressed) {
      return "";
    }
  }

  private static boolean isTar(byte[] head) {
    return head.length >= 262 && new String(head, 257, 5, StandardCharsets.US_ASCII).equals("ustar");
  }

  /** An archive (docker-archive, OCI layout tar): each member as stored and, when compressed, decompressed. */
  private String searchTar(Path file) throws IOException {
    try (TarReader tar = new TarReader(new BufferedInputStream(Files.newInputStream(file)), file.toString())) {
      for (TarHeader header = tar.next(); header != null; header = tar.next()) {
        if (header.size() == 0) {
          continue;
        }
        BufferedInputStream member = new BufferedInputStream(tar.content(), 1 << 16);
        member.mark(16);
        byte[] head = member.readNBytes(8);
        member.reset();
        Compression compression = Compression.detect(head, head.length);
        String hit = compression == Compression.NONE ? scanKeepingOpen(member)
            : scanKeepingOpen(compression.decompress(member));
        if (!hit.isEmpty()) {
          return "member " + header.path() + " " + hit;
        }
      }
    } catch (RuntimeException notATar) {
      return "";
    }
    return "";
  }

  private String scanKeepingOpen(InputStream in) throws IOException {
    SecretMatcher.Session session = matcher.newSession();
    byte[] buffer = new byte[1 << 16];
    int n;
    while ((n = in.read(buffer)) > 0) {
      List<SecretMatch> matches = session.feed(buffer, 0, n);
      if (!matches.isEmpty()) {
        return "(" + matches.get(0).encoding() + ")";
      }
    }
    return "";
  }

  private String scan(InputStream stream) throws IOException {
    try (InputStream in = stream) {
      return scanKeepingOpen(in);
    }
  }

  @Override
  public void close() {
    matcher.close();
  }
}
