package dev.stowage.oci.archive;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.zip.Deflater;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ParallelGzipOutputStreamTest {
  @TempDir Path dir;

  static byte[] sample(int size) {
    byte[] data = new byte[size];
    Random random = new Random(size);
    byte[] text = "the quick brown fox jumps over the lazy dog; ".repeat(200).getBytes(StandardCharsets.US_ASCII);
    for (int i = 0; i < size; i += 4096) {
      int n = Math.min(4096, size - i);
      if ((i / 4096) % 3 == 0) {
        byte[] noise = new byte[n];
        random.nextBytes(noise);
        System.arraycopy(noise, 0, data, i, n);
      } else {
        System.arraycopy(text, (i / 7) % 1000, data, i, n);
      }
    }
    return data;
  }

  static byte[] compress(byte[] data, ExecutorService pool, int maxPending, int chunk) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (ParallelGzipOutputStream gz =
        new ParallelGzipOutputStream(out, Deflater.DEFAULT_COMPRESSION, pool, maxPending)) {
      for (int off = 0; off < data.length; off += chunk) {
        gz.write(data, off, Math.min(chunk, data.length - off));
      }
    }
    return out.toByteArray();
  }

  @ParameterizedTest
  @ValueSource(ints = {0, 1, 1000, ParallelGzipOutputStream.BLOCK, 3 * ParallelGzipOutputStream.BLOCK + 12345})
  void decompressesToTheInputAndIgnoresTheNumberOfThreads(int size) throws IOException {
    byte[] data = sample(size);
    ExecutorService one = Executors.newSingleThreadExecutor();
    ExecutorService four = Executors.newFixedThreadPool(4);
    try {
      byte[] serial = compress(data, one, 1, 777);
      byte[] parallel = compress(data, four, 8, 65536);
      assertThat(parallel).isEqualTo(serial);
      try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(parallel))) {
        assertThat(in.readAllBytes()).isEqualTo(data);
      }
    } finally {
      one.shutdown();
      four.shutdown();
    }
  }

  @Test
  void systemGzipAcceptsTheStream() throws Exception {
    Path gzip = Path.of("/usr/bin/gzip");
    org.junit.jupiter.api.Assumptions.assumeTrue(Files.isExecutable(gzip), "no gzip binary");
    Path file = dir.resolve("x.gz");
    Files.write(file, compress(sample(2 * ParallelGzipOutputStream.BLOCK + 5), Executors.newFixedThreadPool(2), 4,
        10_000));
    Process p = new ProcessBuilder(gzip.toString(), "-t", file.toString()).redirectErrorStream(true).start();
    String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor()).as(output).isZero();
  }
}
