package dev.stowage.oci.archive;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;

/** Builds test tars with Commons Compress, an implementation independent of ours, including hostile ones. */
final class TestTars {
  private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
  private final TarArchiveOutputStream tar = new TarArchiveOutputStream(bytes);

  TestTars() {
    tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
    tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
  }

  TestTars dir(String name) {
    return dir(name, 0755);
  }

  TestTars dir(String name, int mode) {
    TarArchiveEntry e = new TarArchiveEntry(name.endsWith("/") ? name : name + "/");
    e.setMode(040000 | mode);
    return put(e, null);
  }

  TestTars file(String name, String content) {
    return file(name, content, 0644);
  }

  TestTars file(String name, String content, int mode) {
    TarArchiveEntry e = new TarArchiveEntry(name);
    byte[] data = content.getBytes(StandardCharsets.UTF_8);
    e.setSize(data.length);
    e.setMode(0100000 | mode);
    return put(e, data);
  }

  TestTars entry(TarArchiveEntry e, byte[] data) {
    return put(e, data);
  }

  TestTars symlink(String name, String target) {
    TarArchiveEntry e = new TarArchiveEntry(name, TarConstants.LF_SYMLINK);
    e.setLinkName(target);
    return put(e, null);
  }

  TestTars hardlink(String name, String target) {
    TarArchiveEntry e = new TarArchiveEntry(name, TarConstants.LF_LINK);
    e.setLinkName(target);
    return put(e, null);
  }

  private TestTars put(TarArchiveEntry e, byte[] data) {
    try {
      e.setModTime(1_000_000_000_000L);
      tar.putArchiveEntry(e);
      if (data != null) {
        tar.write(data);
      }
      tar.closeArchiveEntry();
    } catch (IOException ex) {
      throw new UncheckedIOException(ex);
    }
    return this;
  }

  byte[] build() {
    try {
      tar.finish();
      tar.close();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
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
}
