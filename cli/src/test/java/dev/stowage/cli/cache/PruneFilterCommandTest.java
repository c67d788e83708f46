package dev.stowage.cli.cache;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stowage.cli.Main;
import dev.stowage.cli.common.ExitCode;
import dev.stowage.engine.cache.BuildCache;
import dev.stowage.engine.cache.CacheEntry;
import dev.stowage.engine.image.LayerRef;
import dev.stowage.engine.store.LocalImages;
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
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code prune --filter until=} and {@code --keep-storage} on a real state directory: four cache entries last used
 * 3 days, 25 hours, 1 hour and 1 minute ago (1000, 2000, 4000 and 8000 bytes), an entry whose blob is gone, a blob
 * nothing names, a named image whose layer is the 25-hour-old entry's, and an unpacked layer per entry. No root
 * needed.
 */
class PruneFilterCommandTest {
  @TempDir Path root;
  private StateDir dir;
  private FileBlobStore blobs;
  private BuildCache cache;
  private final Map<String, LayerRef> layers = new TreeMap<>();
  private Digest orphan;

  @BeforeEach
  void aStateDirectoryWithEntriesOfDifferentAgesAndSizes() throws Exception {
    dir = StateDir.open(root);
    blobs = FileBlobStore.open(dir.blobs());
    cache = new BuildCache(dir.cache());
    entry("old", 1000, Duration.ofDays(3));
    entry("day", 2000, Duration.ofHours(25));
    entry("hour", 4000, Duration.ofHours(1));
    entry("new", 8000, Duration.ofMinutes(1));
    entry("stale", 300, Duration.ofMinutes(2));
    blobs.delete(layers.get("stale").blob().digest());
    orphan = store(new byte[500]);
    namedImageOver(layers.get("day"));
    Files.createDirectories(dir.snapshots().resolve("flat-0123456789abcdef").resolve("fs"));
  }

  @Test
  void untilRemovesTheEntriesUnusedForThatLongAndWhatOnlyTheyNeeded() {
    String out = run("prune", "-f", "--filter", "until=24h", "--root", root.toString());
    assertThat(out).contains("Deleted build cache entries: 3") // old, day and the one without its blob
        .contains("Deleted blobs: 2") // old's and the orphan; day's is the named image's layer
        .contains("Deleted unpacked layers: 3") // old's, stale's and the flattened stack; day's is the image's
        .contains("Total reclaimed space: 1.50kB");
    assertThat(remainingEntries()).containsExactly("hour", "new");
    assertThat(blobs.has(layers.get("old").blob().digest())).isFalse();
    assertThat(blobs.has(layers.get("day").blob().digest())).isTrue();
    assertThat(blobs.has(layers.get("hour").blob().digest())).isTrue();
    assertThat(blobs.has(orphan)).isFalse();
    assertThat(snapshotOf("old")).doesNotExist();
    assertThat(snapshotOf("stale")).doesNotExist();
    assertThat(snapshotOf("day")).exists();
    assertThat(snapshotOf("hour")).exists();
    assertThat(snapshotOf("new")).exists();
    assertThat(run("df", "--root", root.toString())).containsPattern("Build cache +2 +12.0kB")
        .containsPattern("Images +1 ");
  }

  @Test
  void keepStorageRemovesTheLeastRecentlyUsedUntilTheCacheFits() {
    // 15000 bytes in four entries; 10000 bytes fit once old, day and hour are gone.
    String out = run("prune", "-f", "--keep-storage", "10000", "--root", root.toString());
    assertThat(out).contains("Deleted build cache entries: 4").contains("Deleted blobs: 3");
    assertThat(remainingEntries()).containsExactly("new");
    assertThat(blobs.has(layers.get("hour").blob().digest())).isFalse();
    assertThat(blobs.has(layers.get("day").blob().digest())).isTrue(); // the named image's
    assertThat(run("df", "--root", root.toString())).containsPattern("Build cache +1 +8.00kB");

    // Already small enough: nothing more goes (but a blob nothing needs would).
    assertThat(run("prune", "-f", "--keep-storage", "8KB", "--root", root.toString()))
        .contains("Deleted build cache entries: 0").contains("Deleted blobs: 0");
    assertThat(remainingEntries()).containsExactly("new");
  }

  @Test
  void bothTogetherRemoveOnlyOldEntriesAndOnlyWhileTheCacheIsTooBig() {
    // Over 14500 bytes; only old and day (unused for 2 hours) may go, and old alone is enough.
    assertThat(run("prune", "-f", "--filter", "until=2h", "--keep-storage", "14500", "--root", root.toString()))
        .contains("Deleted build cache entries: 2"); // old, and the one without its blob
    assertThat(remainingEntries()).containsExactly("day", "hour", "new");
  }

  @Test
  void aCacheHitCountsAsAUse() {
    assertThat(cache.lookup(key("old"), blobs)).isPresent();
    run("prune", "-f", "--filter", "until=24h", "--root", root.toString());
    assertThat(remainingEntries()).containsExactly("hour", "new", "old");
  }

  @Test
  void aFilteredPruneAsksFirstAndSaysWhatItWillRemove() {
    String out = answering("n\n", "prune", "--filter", "until=30m", "--root", root.toString());
    assertThat(out).contains("WARNING! This will remove build cache entries not used for 30m, blobs no named image"
        + " or remaining cache entry needs and unused unpacked layers.").contains("Nothing removed.");
    assertThat(remainingEntries()).hasSize(5);
  }

  @Test
  void allWithAFilterIsAUsageErrorAndNothingIsRemoved() {
    assertThat(Main.commandLine().execute("prune", "-a", "-f", "--filter", "until=1h", "--root", root.toString()))
        .isEqualTo(ExitCode.USAGE);
    assertThat(Main.commandLine().execute("prune", "-f", "--filter", "until=1d", "--root", root.toString()))
        .isEqualTo(ExitCode.USAGE);
    assertThat(Main.commandLine().execute("prune", "-f", "--keep-storage", "lots", "--root", root.toString()))
        .isEqualTo(ExitCode.USAGE);
    assertThat(remainingEntries()).hasSize(5);
    assertThat(blobs.has(orphan)).isTrue();
  }

  @Test
  void onlyPruneAllRemovesTheSecretCacheKey() throws Exception {
    Path key = dir.cache().resolve("secret-cache.key");
    Files.write(key, new byte[32]);
    run("prune", "-f", "--filter", "until=1h", "--root", root.toString());
    run("prune", "-f", "--root", root.toString());
    assertThat(key).exists();
    run("prune", "-a", "-f", "--root", root.toString());
    assertThat(key).doesNotExist();
    assertThat(blobs.list()).isEmpty();
  }

  // ---------------------------------------------------------------- fixtures

  private void entry(String name, int size, Duration age) throws Exception {
    byte[] bytes = (name + " ").repeat(size).substring(0, size).getBytes(StandardCharsets.UTF_8);
    Digest blob = store(bytes);
    LayerRef layer = new LayerRef(Descriptor.of(MediaType.OCI_LAYER, blob, size), Digest.sha256("tar of " + name));
    layers.put(name, layer);
    cache.record(key(name), new CacheEntry(layer, Instant.now().minus(age)));
    Files.setLastModifiedTime(cache.directory().resolve(key(name).hex() + ".json"),
        FileTime.from(Instant.now().minus(age)));
    Path snapshot = Files.createDirectories(snapshotOf(name));
    Files.writeString(snapshot.resolve("diffid"), layer.diffId().toString());
  }

  private Path snapshotOf(String name) {
    return dir.snapshots().resolve("sha256-" + Digest.sha256("tar of " + name).hex());
  }

  private static Digest key(String name) {
    return Digest.sha256("step " + name);
  }

  private Map<String, LayerRef> entriesByName() {
    Map<String, LayerRef> byName = new TreeMap<>();
    cache.entries().forEach((key, entry) -> layers.forEach((name, layer) -> {
      if (key.equals(key(name))) {
        byName.put(name, entry.layer());
      }
    }));
    return byName;
  }

  private java.util.List<String> remainingEntries() {
    return java.util.List.copyOf(entriesByName().keySet());
  }

  private Digest store(byte[] bytes) throws Exception {
    Digest digest = Digest.sha256(bytes);
    try (var ingest = blobs.ingest(Optional.of(digest), bytes.length)) {
      ingest.write(bytes);
      ingest.commit();
    }
    return digest;
  }

  private void namedImageOver(LayerRef layer) throws Exception {
    byte[] config = ("{\"architecture\":\"amd64\",\"os\":\"linux\",\"config\":{},\"rootfs\":{\"type\":\"layers\","
        + "\"diff_ids\":[\"" + layer.diffId() + "\"]}}").getBytes(StandardCharsets.UTF_8);
    Digest configDigest = store(config);
    byte[] manifest = ("{\"schemaVersion\":2,\"mediaType\":\"" + MediaType.OCI_MANIFEST.value() + "\",\"config\":{"
        + "\"mediaType\":\"" + MediaType.OCI_CONFIG.value() + "\",\"digest\":\"" + configDigest + "\",\"size\":"
        + config.length + "},\"layers\":[{\"mediaType\":\"" + MediaType.OCI_LAYER.value() + "\",\"digest\":\""
        + layer.blob().digest() + "\",\"size\":" + layer.blob().size() + "}]}").getBytes(StandardCharsets.UTF_8);
    Digest manifestDigest = store(manifest);
    new LocalImages(dir.images()).tag("kept:1", Descriptor.of(MediaType.OCI_MANIFEST, manifestDigest,
        manifest.length));
  }

  private static String run(String... args) {
    return answering("", args);
  }

  private static String answering(String stdin, String... args) {
    PrintStream out = System.out;
    InputStream in = System.in;
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try {
      System.setOut(new PrintStream(bytes, true, StandardCharsets.UTF_8));
      System.setIn(new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)));
      assertThat(Main.commandLine().execute(args)).as(bytes.toString(StandardCharsets.UTF_8)).isZero();
    } finally {
      System.setOut(out);
      System.setIn(in);
    }
    return bytes.toString(StandardCharsets.UTF_8);
  }
}
