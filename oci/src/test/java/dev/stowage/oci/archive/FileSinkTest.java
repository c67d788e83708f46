package dev.stowage.oci.archive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileSinkTest {
  @TempDir Path dir;

  @Test
  void aFileTakenByTheKernelMakesTheSameTarAsOneCopiedThroughAStream() throws Exception {
    byte[] content = new byte[3 * 1024 * 1024 + 17]; // not a multiple of the tar block: padding follows
    new Random(7).nextBytes(content);
    Path layer = Files.write(dir.resolve("layer.tar"), content);

    Path viaKernel = dir.resolve("kernel.tar");
    try (FileSink sink = new FileSink(FileChannel.open(viaKernel, StandardOpenOption.CREATE_NEW,
            StandardOpenOption.WRITE));
        FileChannel source = FileChannel.open(layer)) {
      TarWriter tar = new TarWriter(sink);
      tar.putFile("manifest.json", "{}".getBytes(StandardCharsets.UTF_8));
      tar.putFile("blobs/sha256/abc", content.length, source);
      tar.putFile("index.json", "[]".getBytes(StandardCharsets.UTF_8));
      tar.finish();
    }
    ByteArrayOutputStream viaStream = new ByteArrayOutputStream();
    try (FileChannel source = FileChannel.open(layer)) {
      TarWriter tar = new TarWriter(viaStream);
      tar.putFile("manifest.json", "{}".getBytes(StandardCharsets.UTF_8));
      tar.putFile("blobs/sha256/abc", content.length, source);
      tar.putFile("index.json", "[]".getBytes(StandardCharsets.UTF_8));
      tar.finish();
    }
    assertThat(Files.readAllBytes(viaKernel)).isEqualTo(viaStream.toByteArray());
    try (TarReader reader = new TarReader(Files.newInputStream(viaKernel), "kernel.tar")) {
      assertThat(reader.next().path()).isEqualTo("manifest.json");
      TarHeader blob = reader.next();
      assertThat(blob.path()).isEqualTo("blobs/sha256/abc");
      try (InputStream in = reader.content()) {
        assertThat(in.readAllBytes()).isEqualTo(content);
      }
      assertThat(reader.next().path()).isEqualTo("index.json");
    }
  }

  @Test
  void aFileOfAnotherSizeThanDeclaredIsRefused() throws Exception {
    Path layer = Files.write(dir.resolve("short.tar"), new byte[100]);
    try (FileSink sink = new FileSink(FileChannel.open(dir.resolve("out.tar"), StandardOpenOption.CREATE_NEW,
            StandardOpenOption.WRITE));
        FileChannel source = FileChannel.open(layer)) {
      TarWriter tar = new TarWriter(sink);
      assertThatThrownBy(() -> tar.putFile("layer.tar", 200, source)).hasMessageContaining("not its declared 200");
    }
  }
}
