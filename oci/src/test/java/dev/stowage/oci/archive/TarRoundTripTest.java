package dev.stowage.oci.archive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.junit.jupiter.api.Test;

class TarRoundTripTest {
  static final byte[] CAPABILITY = {1, 0, 0, 2, 0, 0x20, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, (byte) 0xff, (byte) 0x80, 0, 0};

  static List<TarHeader> sampleHeaders() {
    String longName = "deep/" + "d".repeat(120) + "/file-with-a-long-name.txt";
    return List.of(
        TarHeader.directory("bin", 0755),
        TarHeader.file("bin/ping", 04755, 3).withXattrs(List.of(new Xattr("security.capability", CAPABILITY))),
        TarHeader.symlink("bin/sh", "/bin/busybox"),
        TarHeader.hardlink("bin/pong", "bin/ping"),
        TarHeader.directory("deep", 0700).withOwner(3_000_000, 4_000_000),
        TarHeader.file(longName, 0600, 5).withMtime(Instant.ofEpochSecond(1_700_000_000)),
        TarHeader.symlink("link-to-long", "/" + longName),
        TarHeader.file("caf\u00e9/\u00fcber.txt", 0644, 0).withOwner(1000, 1000).withOwnerNames("app", "\u00e4pp"),
        TarHeader.device("dev/null", EntryType.CHAR_DEVICE, 0666, 1, 3),
        TarHeader.device("dev/loop0", EntryType.BLOCK_DEVICE, 0660, 7, 0),
        TarHeader.of("run/fifo", EntryType.FIFO, 0600, 0, ""),
        TarHeader.directory("tmp", 01777).withXattrs(List.of(Xattr.of("user.note", "a=b\nc"))));
  }

  static byte[] contentFor(TarHeader header) {
    byte[] content = new byte[(int) header.size()];
    Arrays.fill(content, (byte) ('a' + header.path().length() % 26));
    return content;
  }

  static byte[] writeTar(List<TarHeader> headers) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (TarWriter tar = new TarWriter(out)) {
      for (TarHeader h : headers) {
        tar.putEntry(h);
        byte[] content = contentFor(h);
        tar.write(content, 0, content.length);
      }
    }
    return out.toByteArray();
  }

  @Test
  void ourReaderReadsBackEverythingOurWriterWrote() throws IOException {
    List<TarHeader> headers = sampleHeaders();
    byte[] tar = writeTar(headers);
    assertThat(tar.length % 512).isZero();
    List<TarHeader> read = new ArrayList<>();
    try (TarReader reader = new TarReader(new ByteArrayInputStream(tar), "test tar")) {
      TarHeader h;
      while ((h = reader.next()) != null) {
        read.add(h);
        assertThat(reader.content().readAllBytes()).isEqualTo(contentFor(h));
      }
    }
    assertThat(read).containsExactlyElementsOf(headers);
  }

  @Test
  void commonsCompressReadsWhatWeWrite() throws IOException {
    byte[] tar = writeTar(sampleHeaders());
    List<String> names = new ArrayList<>();
    try (TarArchiveInputStream in = new TarArchiveInputStream(new ByteArrayInputStream(tar))) {
      TarArchiveEntry e;
      while ((e = in.getNextEntry()) != null) {
        names.add(e.getName());
        if (e.getName().startsWith("deep/d")) {
          assertThat(e.getSize()).isEqualTo(5);
          assertThat(in.readAllBytes()).hasSize(5);
        }
        if (e.getName().equals("deep/")) {
          assertThat(e.getLongUserId()).isEqualTo(3_000_000);
          assertThat(e.getLongGroupId()).isEqualTo(4_000_000);
        }
        if (e.getName().equals("link-to-long")) {
          assertThat(e.getLinkName()).startsWith("/deep/ddd").endsWith("file-with-a-long-name.txt");
        }
        if (e.getName().equals("dev/null")) {
          assertThat(e.isCharacterDevice()).isTrue();
          assertThat(e.getDevMajor()).isEqualTo(1);
          assertThat(e.getDevMinor()).isEqualTo(3);
        }
      }
    }
    assertThat(names).contains("bin/", "bin/ping", "caf\u00e9/\u00fcber.txt", "tmp/");
  }

  @Test
  void readsCommonsCompressGnuAndStarFormats() throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    String longName = "x/".repeat(80) + "end";
    try (TarArchiveOutputStream tar = new TarArchiveOutputStream(out)) {
      tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_GNU);
      tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_STAR);
      TarArchiveEntry e = new TarArchiveEntry(longName);
      e.setSize(4);
      e.setUserId(9_000_000);
      e.setModTime(0);
      tar.putArchiveEntry(e);
      tar.write("data".getBytes(StandardCharsets.US_ASCII));
      tar.closeArchiveEntry();
    }
    try (TarReader reader = new TarReader(new ByteArrayInputStream(out.toByteArray()), "gnu tar")) {
      TarHeader h = reader.next();
      assertThat(h.path()).isEqualTo(longName);
      assertThat(h.uid()).isEqualTo(9_000_000);
      assertThat(new String(reader.content().readAllBytes(), StandardCharsets.US_ASCII)).isEqualTo("data");
      assertThat(reader.next()).isNull();
    }
  }

  @Test
  void writerIsByteIdenticalForTheSameInput() {
    assertThat(writeTar(sampleHeaders())).isEqualTo(writeTar(sampleHeaders()));
  }

  @Test
  void truncatedAndCorruptStreamsFailWithTheOffset() {
    byte[] tar = writeTar(sampleHeaders());
    byte[] cut = Arrays.copyOf(tar, 512 + 100);
    assertThatThrownBy(() -> readAll(cut))
        .isInstanceOf(TarFormatException.class)
        .hasMessageContaining("truncated");
    byte[] corrupt = tar.clone();
    corrupt[10] ^= 0x20;
    assertThatThrownBy(() -> readAll(corrupt))
        .isInstanceOf(TarFormatException.class)
        .hasMessageContaining("checksum mismatch")
        .hasMessageContaining("offset 0");
    byte[] notTar = "just some text that is certainly not a tar header".repeat(20).getBytes();
    assertThatThrownBy(() -> readAll(notTar)).isInstanceOf(TarFormatException.class);
  }

  @Test
  void contentOfUnreadEntriesIsSkipped() throws IOException {
    byte[] tar = writeTar(sampleHeaders());
    try (TarReader reader = new TarReader(new ByteArrayInputStream(tar), "t")) {
      int count = 0;
      while (reader.next() != null) {
        count++;
      }
      assertThat(count).isEqualTo(sampleHeaders().size());
    }
  }

  static List<TarHeader> readAll(byte[] tar) throws IOException {
    List<TarHeader> result = new ArrayList<>();
    try (TarReader reader = new TarReader(new ByteArrayInputStream(tar), "test tar")) {
      TarHeader h;
      while ((h = reader.next()) != null) {
        try (InputStream content = reader.content()) {
          content.readAllBytes();
        }
        result.add(h);
      }
    }
    return result;
  }
}
