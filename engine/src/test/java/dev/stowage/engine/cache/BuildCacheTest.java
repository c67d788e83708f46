package dev.stowage.engine.cache;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stowage.engine.image.LayerRef;
import dev.stowage.oci.Descriptor;
import dev.stowage.oci.Digest;
import dev.stowage.oci.MediaType;
import dev.stowage.oci.store.FileBlobStore;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BuildCacheTest {
  private static final Digest KEY = Digest.sha256("a step");
  private static final Instant MADE = Instant.parse("2026-01-02T03:04:05.123456Z");
  @TempDir Path state;
  private FileBlobStore store;
  private BuildCache cache;
  private CacheEntry entry;

  @BeforeEach
  void storeALayer() throws IOException {
    store = FileBlobStore.open(state.resolve("store"));
    cache = new BuildCache(state.resolve("cache"));
    byte[] blob = "pretend this is a gzipped layer".getBytes(StandardCharsets.UTF_8);
    Digest digest = Digest.sha256(blob);
    try (var ingest = store.ingest(Optional.of(digest), blob.length)) {
      ingest.write(blob);
      ingest.commit();
    }
    entry = new CacheEntry(new LayerRef(Descriptor.of(MediaType.OCI_LAYER_GZIP, digest, blob.length),
        Digest.sha256("the uncompressed tar")), MADE);
  }

  @Test
  void aRecordedEntryIsFoundWithItsLayerAndTime() {
    assertThat(cache.lookup(KEY, store)).isEmpty();
    cache.record(KEY, entry);
    assertThat(cache.lookup(KEY, store)).contains(entry);
    assertThat(cache.entries()).containsEntry(KEY, entry).hasSize(1);
    assertThat(cache.lookup(Digest.sha256("another step"), store)).isEmpty();
  }

  @Test
  void anEntryWhoseBlobIsGoneIsAMissAndIsRemoved() throws IOException {
    cache.record(KEY, entry);
    store.delete(entry.layer().blob().digest());
    assertThat(cache.lookup(KEY, store)).isEmpty();
    assertThat(cache.directory().resolve(KEY.hex() + ".json")).doesNotExist();
  }

  @Test
  void anEntryWhoseBlobWasTruncatedIsAMissAndIsRemoved() throws IOException {
    cache.record(KEY, entry);
    java.nio.file.Path blob = store.path(entry.layer().blob().digest());
    java.nio.file.Files.write(blob, "pretend".getBytes(StandardCharsets.UTF_8)); // behind the store's back
    assertThat(cache.lookup(KEY, store)).isEmpty();
    assertThat(cache.directory().resolve(KEY.hex() + ".json")).doesNotExist();
  }

  @Test
  void aTornEntryIsAMissAndIsRemoved() throws IOException {
    cache.record(KEY, entry);
    Path file = cache.directory().resolve(KEY.hex() + ".json");
    byte[] whole = Files.readAllBytes(file);
    Files.write(file, java.util.Arrays.copyOf(whole, whole.length / 2));
    assertThat(cache.lookup(KEY, store)).isEmpty();
    assertThat(file).doesNotExist();
  }

  @Test
  void aHitRecordsWhenTheEntryWasLastUsed() throws IOException {
    cache.record(KEY, entry);
    Path file = cache.directory().resolve(KEY.hex() + ".json");
    Instant longAgo = Instant.parse("2020-05-06T07:08:09Z");
    Files.setLastModifiedTime(file, FileTime.from(longAgo));
    byte[] before = Files.readAllBytes(file);
    assertThat(cache.lastUsed(KEY)).contains(longAgo);

    assertThat(cache.lookup(Digest.sha256("another step"), store)).isEmpty();
    assertThat(cache.lastUsed(KEY)).contains(longAgo);
    assertThat(cache.lookup(KEY, store)).contains(entry);
    assertThat(cache.lastUsed(KEY).orElseThrow()).isAfter(Instant.parse("2025-01-01T00:00:00Z"));
    assertThat(Files.readAllBytes(file)).isEqualTo(before); // the time moved, the entry (and its created) did not
    assertThat(cache.lastUsed(Digest.sha256("another step"))).isEmpty();
  }

  @Test
  void recordingLeavesNoTemporaryFiles() throws IOException {
    cache.record(KEY, entry);
    cache.record(KEY, entry);
    try (var files = Files.list(cache.directory())) {
      assertThat(files.map(p -> p.getFileName().toString())).containsExactly(KEY.hex() + ".json");
    }
  }

  @Test
  void thePolicySkipsNamedOrNumberedStagesOrAll() {
    CachePolicy filter = new CachePolicy(false, java.util.Set.of("builder", "2"));
    assertThat(filter.allows("builder", 0)).isFalse();
    assertThat(filter.allows("2", 2)).isFalse();
    assertThat(filter.allows("final", 1)).isTrue();
    assertThat(new CachePolicy(true, java.util.Set.of()).allows("final", 1)).isFalse();
    assertThat(CachePolicy.useAll().allows("final", 1)).isTrue();
    assertThat(CachePolicy.useAll().secretCache()).isEqualTo(SecretCacheMode.BY_ID);
    assertThat(filter.secretCache()).isEqualTo(SecretCacheMode.BY_ID);
  }

  @Test
  void secretCacheModesParseAsTheFlagSpellsThem() {
    assertThat(SecretCacheMode.parse("by-id")).isEqualTo(SecretCacheMode.BY_ID);
    assertThat(SecretCacheMode.parse("By-Content")).isEqualTo(SecretCacheMode.BY_CONTENT);
    assertThat(SecretCacheMode.BY_CONTENT.flagValue()).isEqualTo("by-content");
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> SecretCacheMode.parse("content"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("--secret-cache must be by-id or by-content, got content");
  }
}
