package dev.stowage.scan.input;

import dev.stowage.oci.archive.TarHeader;
import dev.stowage.oci.archive.TarReader;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Which kind of image tar a file is, from its first entries: an OCI layout has {@code oci-layout}. */
enum ArchiveKind {
  DOCKER,
  OCI;

  private static final int ENTRIES_LOOKED_AT = 64;

  static ArchiveKind sniff(Path file) {
    try (InputStream in = new BufferedInputStream(Files.newInputStream(file))) {
      TarReader tar = new TarReader(in, file.toString());
      for (int i = 0; i < ENTRIES_LOOKED_AT; i++) {
        TarHeader h = tar.next();
        if (h == null) {
          break;
        }
        String name = h.path().startsWith("./") ? h.path().substring(2) : h.path();
        if (name.equals("oci-layout") || name.equals("index.json")) {
          return OCI;
        }
        if (name.equals("manifest.json")) {
          return DOCKER;
        }
      }
      return DOCKER;
    } catch (IOException e) {
      throw new UncheckedIOException("reading " + file + ": " + e.getMessage(), e);
    } catch (RuntimeException e) {
      return DOCKER; // not a tar: the docker-archive reader says so clearly
    }
  }
}
