package dev.stowage.cli.cache;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stowage.cli.Main;
import dev.stowage.engine.cache.BuildCache;
import dev.stowage.engine.cache.CacheEntry;
import dev.stowage.engine.image.LayerRef;
import dev.stowage.engine.store.StateDir;
import dev.stowage.oci.Descriptor;
import dev.stowage.oci.Digest;
import dev.stowage.oci.MediaType;
import dev.stowage.oci.store.FileBlobStore;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** prune and df on a state directory holding one cached layer that no image names (no root needed). */
class PruneCommandTest {
  @TempDir Path root;
  private FileBlobStore blobs;
  private BuildCache cache;
  private Digest layer;

  @BeforeEach
  void aCachedLayer() throws Exception {
    StateDir dir = StateDir.open(root);
    blobs = FileBlobStore.open(dir.blobs());
    cache = new BuildCache(dir.cache());
    byte[] bytes = "a layer nobody names".repeat(100).getBytes(StandardCharsets.UTF_8);
    layer = Digest.sha256(bytes);
    try (var ingest = blobs.ingest(Optional.of(layer), bytes.length)) {
      ingest.write(bytes);
      ingest.commit();
    }
    cache.record(Digest.sha256("a step"), new CacheEntry(new LayerRef(
        Descriptor.of(MediaType.OCI_LAYER_GZIP, layer, bytes.length), Digest.sha256("tar")), Instant.now()));
  }

  @Test
  void dfCountsTheCacheAndTheBlobs() {
    String out = run("", "df", "--root", root.toString());
    assertThat(out).containsPattern("Build cache +1 +2.00kB").containsPattern("Blobs +1 +2.00kB")
        .containsPattern("Images +0 +0B");
  }

  @Test
  void pruneAsksFirstAndKeepsEverythingOnNo() {
    String out = run("n\n", "prune", "--root", root.toString());
    assertThat(out).contains("Are you sure").contains("Nothing removed.");
    assertThat(blobs.has(layer)).isTrue();
    assertThat(cache.entries()).hasSize(1);
  }

  @Test
  void pruneRemovesTheCacheAndUnnamedBlobs() {
    String out = run("", "prune", "-f", "--root", root.toString());
    assertThat(out).contains("Deleted build cache entries: 1").contains("Deleted blobs: 1")
        .contains("Total reclaimed space: 2.00kB");
    assertThat(blobs.has(layer)).isFalse();
    assertThat(cache.entries()).isEmpty();
    assertThat(run("", "df", "--root", root.toString())).containsPattern("Build cache +0 +0B");
  }

  @Test
  void dfListsTheContextHashesAndOnlyPruneAllRemovesThem() throws Exception {
    Path hashes = StateDir.open(root).contextHashes();
    Files.createDirectories(hashes);
    Files.write(hashes.resolve("0".repeat(64)), new byte[3000]);
    assertThat(run("", "df", "--root", root.toString())).containsPattern("Context hashes +1 +3.00kB");
    run("", "prune", "-f", "--root", root.toString());
    assertThat(hashes.resolve("0".repeat(64))).exists();
    run("", "prune", "-a", "-f", "--root", root.toString());
    assertThat(hashes).doesNotExist();
    assertThat(run("", "df", "--root", root.toString())).containsPattern("Context hashes +0 +0B");
  }

  @Test
  void pruneRefusesWhileABuildHoldsTheStateDirectory() throws Exception {
    Process holder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
        System.getProperty("java.class.path"), HoldBuildLock.class.getName(), root.resolve("cache").toString())
        .redirectErrorStream(true).start();
    try {
      String line = new java.io.BufferedReader(new java.io.InputStreamReader(holder.getInputStream(),
          StandardCharsets.UTF_8)).readLine();
      assertThat(line).isEqualTo("locked");
      PrintStream stdErr = System.err;
      ByteArrayOutputStream errBytes = new ByteArrayOutputStream();
      int code;
      try {
        System.setErr(new PrintStream(errBytes, true, StandardCharsets.UTF_8));
        code = Main.commandLine().execute("prune", "-f", "--root", root.toString());
      } finally {
        System.setErr(stdErr);
      }
      assertThat(code).isEqualTo(1);
      assertThat(errBytes.toString(StandardCharsets.UTF_8)).contains("a build is using " + root);
      assertThat(blobs.has(layer)).isTrue();
    } finally {
      holder.destroyForcibly();
      holder.waitFor();
    }
    assertThat(run("", "prune", "-f", "--root", root.toString())).contains("Deleted blobs: 1");
  }

  private static String run(String stdin, String... args) {
    PrintStream out = System.out;
    InputStream in = System.in;
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try {
      System.setOut(new PrintStream(bytes, true, StandardCharsets.UTF_8));
      System.setIn(new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)));
      assertThat(Main.commandLine().execute(args)).isZero();
    } finally {
      System.setOut(out);
      System.setIn(in);
    }
    return bytes.toString(StandardCharsets.UTF_8);
  }
}
