package dev.stowage.oci.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stowage.oci.Digest;
import dev.stowage.oci.DigestAlgorithm;
import dev.stowage.oci.DigestMismatchException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileBlobStoreTest {
  @TempDir Path dir;

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void storesContentUnderItsDigestAndReadsItBack() throws IOException {
    FileBlobStore store = FileBlobStore.open(dir);
    BlobInfo info = store.put(bytes("hello"));
    assertThat(info).isEqualTo(new BlobInfo(Digest.sha256("hello"), 5));
    assertThat(store.has(info.digest())).isTrue();
    assertThat(store.size(info.digest())).isEqualTo(5);
    assertThat(store.path(info.digest())).isEqualTo(dir.resolve("blobs/sha256/" + info.digest().encoded()));
    try (InputStream in = store.open(info.digest())) {
      assertThat(in.readAllBytes()).isEqualTo(bytes("hello"));
    }
    assertThat(store.list()).containsExactly(info.digest());
    assertThat(listIngest()).isEmpty();
  }

  @Test
  void commitRefusesContentThatDoesNotMatchTheExpectedDigestAndLeavesNothing() throws IOException {
    FileBlobStore store = FileBlobStore.open(dir);
    Digest expected = Digest.sha256("hello");
    try (Ingest ingest = store.ingest(Optional.of(expected), -1)) {
      ingest.write(bytes("hellO"));
      assertThatThrownBy(ingest::commit)
          .isInstanceOf(DigestMismatchException.class)
          .hasMessageContaining("is corrupt");
    }
    assertThat(store.has(expected)).isFalse();
    assertThat(store.has(Digest.sha256("hellO"))).isFalse();
    assertThat(listIngest()).isEmpty();
  }

  @Test
  void commitRefusesWrongSizes() throws IOException {
    FileBlobStore store = FileBlobStore.open(dir);
    try (Ingest ingest = store.ingest(Optional.of(Digest.sha256("hello")), 6)) {
      ingest.write(bytes("hello"));
      assertThatThrownBy(ingest::commit).hasMessageContaining("truncated: expected 6 bytes, got 5");
    }
    try (Ingest ingest = store.ingest(Optional.empty(), 3)) {
      assertThatThrownBy(() -> ingest.write(bytes("hello"))).hasMessageContaining("longer than its expected 3 bytes");
    }
    assertThat(store.list()).isEmpty();
    assertThat(listIngest()).isEmpty();
  }

  @Test
  void closingWithoutCommitDiscards() throws IOException {
    FileBlobStore store = FileBlobStore.open(dir);
    try (Ingest ingest = store.ingest()) {
      ingest.write(bytes("partial"));
      assertThat(listIngest()).hasSize(1);
    }
    assertThat(listIngest()).isEmpty();
    assertThat(store.list()).isEmpty();
  }

  @Test
  void sha512IngestStoresUnderSha512() throws IOException {
    FileBlobStore store = FileBlobStore.open(dir);
    Digest expected = Digest.of(DigestAlgorithm.SHA512, bytes("x"));
    try (Ingest ingest = store.ingest(Optional.of(expected), 1)) {
      ingest.write(bytes("x"));
      assertThat(ingest.commit().digest()).isEqualTo(expected);
    }
    assertThat(Files.exists(dir.resolve("blobs/sha512/" + expected.encoded()))).isTrue();
    try (InputStream in = store.open(expected)) {
      assertThat(in.readAllBytes()).isEqualTo(bytes("x"));
    }
  }

  @Test
  void openDetectsACorruptedBlobAtTheEnd() throws IOException {
    FileBlobStore store = FileBlobStore.open(dir);
    BlobInfo info = store.put(bytes("original content"));
    Path file = store.path(info.digest());
    Files.write(file, bytes("tampered content"));
    try (InputStream in = store.open(info.digest())) {
      assertThatThrownBy(in::readAllBytes)
          .isInstanceOf(DigestMismatchException.class)
          .hasMessageContaining("blob " + info.digest())
          .hasMessageContaining("is corrupt");
    }
    Files.write(file, bytes("short"));
    try (InputStream in = store.open(info.digest())) {
      assertThatThrownBy(in::readAllBytes).isInstanceOf(DigestMismatchException.class);
    }
  }

  @Test
  void missingBlobsAreReportedByDigest() {
    FileBlobStore store = FileBlobStore.open(dir);
    Digest absent = Digest.sha256("absent");
    assertThat(store.has(absent)).isFalse();
    assertThatThrownBy(() -> store.open(absent)).isInstanceOf(BlobNotFoundException.class)
        .hasMessageContaining(absent.toString());
    assertThatThrownBy(() -> store.size(absent)).isInstanceOf(BlobNotFoundException.class);
    assertThat(store.delete(absent)).isFalse();
  }

  @Test
  void deleteRemovesABlob() {
    FileBlobStore store = FileBlobStore.open(dir);
    BlobInfo info = store.put(bytes("gone soon"));
    assertThat(store.delete(info.digest())).isTrue();
    assertThat(store.has(info.digest())).isFalse();
    assertThat(store.list()).isEmpty();
  }

  @Test
  void concurrentIngestsOfTheSameBlobStayConsistent() throws Exception {
    // Two stores on one directory stand for two processes.
    byte[] content = new byte[1 << 20];
    new java.util.Random(7).nextBytes(content);
    Digest digest = Digest.sha256(content);
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<BlobInfo>> results = new ArrayList<>();
      for (int i = 0; i < 8; i++) {
        FileBlobStore store = FileBlobStore.open(dir);
        results.add(pool.submit(() -> {
          try (Ingest ingest = store.ingest(Optional.of(digest), content.length)) {
            for (int off = 0; off < content.length; off += 4096) {
              ingest.write(content, off, 4096);
            }
            return ingest.commit();
          }
        }));
      }
      for (Future<BlobInfo> result : results) {
        assertThat(result.get().digest()).isEqualTo(digest);
      }
    } finally {
      pool.shutdown();
    }
    FileBlobStore store = FileBlobStore.open(dir);
    try (InputStream in = store.open(digest)) {
      assertThat(in.readAllBytes()).isEqualTo(content);
    }
    assertThat(listIngest()).isEmpty();
  }

  @Test
  void purgesOnlyStaleIngests() throws IOException {
    FileBlobStore store = FileBlobStore.open(dir);
    Path stale = dir.resolve("ingest/crashed.part");
    Files.createDirectories(stale.getParent());
    Files.write(stale, bytes("left by a crash"));
    Files.setLastModifiedTime(stale, java.nio.file.attribute.FileTime.fromMillis(0));
    try (Ingest live = store.ingest()) {
      live.write(bytes("in progress"));
      assertThat(store.purgeStaleIngests(Duration.ofHours(1))).isEqualTo(1);
      assertThat(listIngest()).hasSize(1);
    }
  }

  @Test
  void blobsDeclareWhetherTheyCanBeReadAgain() {
    FileBlobStore store = FileBlobStore.open(dir);
    Blob stream = Blob.ofStream(new java.io.ByteArrayInputStream(bytes("once")));
    assertThat(stream.isRetryable()).isFalse();
    assertThat(stream.knownInfo()).isEmpty();
    BlobInfo info = stream.writeTo(new ByteArrayOutputStream());
    assertThat(info).isEqualTo(new BlobInfo(Digest.sha256("once"), 4));
    assertThatThrownBy(() -> stream.writeTo(new ByteArrayOutputStream()))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("one-shot");

    Blob bytes = Blob.of(bytes("again"));
    assertThat(bytes.isRetryable()).isTrue();
    assertThat(bytes.knownInfo()).contains(new BlobInfo(Digest.sha256("again"), 5));

    BlobInfo stored = store.put(bytes);
    Blob fromStore = Blob.of(store, stored.digest(), stored.size());
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    assertThat(fromStore.writeTo(out)).isEqualTo(stored);
    assertThat(fromStore.writeTo(out)).isEqualTo(stored);
    assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo("againagain");
  }

  @Test
  void fileBlobsAreDigestedWhenWritten() throws IOException {
    Path file = dir.resolve("f");
    Files.write(file, bytes("file content"));
    Blob blob = Blob.of(file);
    assertThat(blob.isRetryable()).isTrue();
    assertThat(FileBlobStore.open(dir.resolve("store")).put(blob).digest()).isEqualTo(Digest.sha256("file content"));
  }

  private List<Path> listIngest() throws IOException {
    Path ingest = dir.resolve("ingest");
    if (!Files.isDirectory(ingest)) {
      return List.of();
    }
    try (Stream<Path> files = Files.list(ingest)) {
      return files.toList();
    }
  }
}
