package dev.stowage.engine.copy;

import static dev.stowage.engine.copy.Fs.file;
import static dev.stowage.engine.copy.Fs.symlink;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stowage.dockerfile.ignore.DockerIgnore;
import dev.stowage.engine.copy.Fs.Member;
import dev.stowage.oci.Digest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The stat-keyed content hash cache on real files: a rebuild reads only what changed, racily clean entries are not
 * trusted, a broken cache file is ignored, and a cached digest is always the uncached one.
 */
class FileHashCacheTest {
  private static final int FILES = 7;
  @TempDir Path context;
  @TempDir Path state;
  @TempDir Path dest;
  /** The hashing clock (epoch ns): by default well past the files' times, so entries are trusted. */
  private final AtomicLong clock = new AtomicLong();

  @BeforeEach
  void aContext() throws IOException {
    FileOps.chmod(context, 0755);
    file(context, "a.txt", "alpha\n");
    file(context, "b.txt", "bravo\n", 0600);
    file(context, "src/main.c", "int main(){return 0;}\n");
    file(context, "src/util/u.c", "void u(){}\n");
    file(context, "src/util/v.c", "void v(){}\n");
    file(context, "docs/readme.md", "# readme\n");
    file(context, "secret.env", "left out by .dockerignore\n");
    Fs.bytes(context, "big.bin", new byte[300_000]);
    symlink(context, "link", "a.txt");
    clock.set(nowNanos() + TimeUnit.SECONDS.toNanos(10));
  }

  private static final DockerIgnore IGNORE = DockerIgnore.of(List.of("secret.env"));

  private CopyRequest everything() {
    return CopyRequest.fromContext(context, IGNORE, List.of("."), dest, "/app/");
  }

  private FileHashCache open() {
    return FileHashCache.open(state.resolve("context-hashes"), context, clock::get);
  }

  private static long nowNanos() {
    Instant now = Instant.now();
    return now.getEpochSecond() * 1_000_000_000L + now.getNano();
  }

  @Test
  void aSecondDigestOfAnUnchangedTreeReadsNoFile() {
    FileHashCache first = open();
    Digest digest = Copier.digest(everything(), first);
    assertThat(first.computed()).isEqualTo(FILES);
    first.save();
    assertThat(first.file()).isRegularFile();

    FileHashCache second = open();
    assertThat(Copier.digest(everything(), second)).isEqualTo(digest);
    assertThat(second.computed()).isZero();
    assertThat(Copier.digest(everything())).isEqualTo(digest);
  }

  @Test
  void hashesOnTheWalkingThreadAndOnHashingThreadsGiveTheDigestOfCachedHashes() throws IOException {
    java.util.Random random = new java.util.Random(11);
    for (int i = 0; i < 40; i++) { // 2.5 MiB: the first MiB is hashed inline, the rest on hashing threads
      byte[] bytes = new byte[64 * 1024];
      random.nextBytes(bytes);
      Fs.bytes(context, "blobs/b" + i + ".bin", bytes);
    }
    clock.set(nowNanos() + TimeUnit.SECONDS.toNanos(10));
    FileHashCache first = open();
    Digest digest = Copier.digest(everything(), first);
    assertThat(first.computed()).isEqualTo(FILES + 40);
    first.save();

    FileHashCache second = open();
    assertThat(Copier.digest(everything(), second)).isEqualTo(digest);
    assertThat(second.computed()).as("every hash from the cache, in walk order").isZero();
  }

  @Test
  void contentReplacedWithTheSameSizeAndTheOldMtimeIsReadAgainBecauseCtimeMoved() throws IOException {
    FileHashCache first = open();
    Digest before = Copier.digest(everything(), first);
    first.save();
    Path main = context.resolve("src/main.c");
    FileTime mtime = Files.getLastModifiedTime(main);
    Files.writeString(main, "int main(){return 1;}\n"); // same length
    Files.setLastModifiedTime(main, mtime);
    clock.set(nowNanos() + TimeUnit.SECONDS.toNanos(10));

    FileHashCache second = open();
    Digest after = Copier.digest(everything(), second);
    assertThat(second.computed()).isEqualTo(1);
    assertThat(after).isNotEqualTo(before).isEqualTo(Copier.digest(everything()));
  }

  @Test
  void aFileWithTheSameSizeAndANewMtimeIsReadAgainAndOnlyThatFile() throws IOException {
    FileHashCache first = open();
    Digest before = Copier.digest(everything(), first);
    first.save();
    Path util = context.resolve("src/util/u.c");
    Files.writeString(util, "void U(){}\n");
    Files.setLastModifiedTime(util, FileTime.from(Instant.parse("2030-01-01T00:00:00Z")));
    clock.set(Math.max(clock.get(), TimeUnit.SECONDS.toNanos(Instant.parse("2030-01-01T00:00:10Z").getEpochSecond())));

    FileHashCache second = open();
    Digest after = Copier.digest(everything(), second);
    assertThat(second.computed()).isEqualTo(1);
    assertThat(after).isNotEqualTo(before).isEqualTo(Copier.digest(everything()));
  }

  @Test
  void aRacilyCleanEntryIsReadAgainUntilItsTimesAreTwoSecondsOlderThanItsHash() throws IOException {
    long newest = 0;
    try (Stream<Path> paths = Files.walk(context)) {
      for (Path p : paths.toList()) {
        UnixAttrs a = Fs.attrs(p);
        newest = Math.max(newest, Math.max(a.mtime().to(TimeUnit.NANOSECONDS), a.ctime().to(TimeUnit.NANOSECONDS)));
      }
    }
    FileHashCache hashes = open();
    clock.set(newest + TimeUnit.SECONDS.toNanos(1)); // hashed within 2 s of the last change: racily clean
    Digest digest = Copier.digest(everything(), hashes);
    assertThat(hashes.computed()).isEqualTo(FILES);
    assertThat(Copier.digest(everything(), hashes)).isEqualTo(digest);
    assertThat(hashes.computed()).isEqualTo(2 * FILES);

    clock.set(newest + FileHashCache.RACY_NANOS);
    assertThat(Copier.digest(everything(), hashes)).isEqualTo(digest);
    assertThat(hashes.computed()).isEqualTo(3 * FILES);
    assertThat(Copier.digest(everything(), hashes)).isEqualTo(digest);
    assertThat(hashes.computed()).as("trusted now").isEqualTo(3 * FILES);
  }

  @Test
  void racilyCleanEntriesAreNotSaved() {
    FileHashCache hashes = open();
    clock.set(nowNanos()); // the files were written just now
    Copier.digest(everything(), hashes);
    hashes.save();
    FileHashCache next = open();
    Copier.digest(everything(), next);
    assertThat(next.computed()).isEqualTo(FILES);
  }

  @Test
  void aCorruptTruncatedOrForeignCacheFileIsIgnoredAndReplaced() throws IOException {
    FileHashCache first = open();
    Digest digest = Copier.digest(everything(), first);
    first.save();
    byte[] good = Files.readAllBytes(first.file());

    byte[] flipped = good.clone();
    flipped[good.length / 2] ^= 0x40;
    for (byte[] broken : List.of(flipped, Arrays.copyOf(good, good.length - 5), new byte[0],
        "not a cache at all\n".getBytes(StandardCharsets.UTF_8))) {
      Files.write(first.file(), broken);
      FileHashCache reopened = open();
      assertThat(Copier.digest(everything(), reopened)).isEqualTo(digest);
      assertThat(reopened.computed()).isEqualTo(FILES);
    }

    FileHashCache repairing = open();
    Copier.digest(everything(), repairing);
    repairing.save();
    FileHashCache repaired = open();
    Copier.digest(everything(), repaired);
    assertThat(repaired.computed()).isZero();
  }

  @Test
  void aDirectoryInPlaceOfTheCacheFileIsNotAnError() throws IOException {
    FileHashCache hashes = open();
    Files.createDirectories(hashes.file());
    Files.writeString(hashes.file().resolve("x"), "x");
    Digest digest = Copier.digest(everything(), open());
    hashes = open();
    assertThat(Copier.digest(everything(), hashes)).isEqualTo(digest);
    hashes.save(); // cannot replace a non-empty directory: only slower next time
    assertThat(hashes.file()).isDirectory();
  }

  @Test
  void entriesNotMetInABuildAreDroppedWhenSaving() throws IOException {
    FileHashCache first = open();
    Copier.digest(everything(), first);
    first.save();
    long fullSize = Files.size(first.file());

    FileHashCache onlyA = open();
    Copier.digest(CopyRequest.fromContext(context, IGNORE, List.of("a.txt"), dest, "/app/"), onlyA);
    assertThat(onlyA.computed()).isZero();
    onlyA.save();
    assertThat(Files.size(onlyA.file())).isLessThan(fullSize);

    FileHashCache all = open();
    Copier.digest(everything(), all);
    assertThat(all.computed()).isEqualTo(FILES - 1);
  }

  @Test
  void nothingIsWrittenWhenNothingWasMetOrNothingChanged() throws IOException {
    FileHashCache unused = open();
    unused.save();
    assertThat(unused.file()).doesNotExist();

    FileHashCache first = open();
    Copier.digest(everything(), first);
    first.save();
    FileTime written = FileTime.from(Instant.parse("2001-01-01T00:00:00Z"));
    Files.setLastModifiedTime(first.file(), written);
    FileHashCache second = open();
    Copier.digest(everything(), second);
    second.save();
    assertThat(Files.getLastModifiedTime(second.file())).isEqualTo(written);
  }

  @Test
  void aCopyRemembersTheHashesItReadSoTheNextDigestReadsNothing() {
    FileHashCache copying = open();
    CopyResult copied = Copier.copy(everything(), copying);
    assertThat(copying.computed()).as("the copy hashes while it copies").isZero();
    copying.save();

    FileHashCache next = open();
    assertThat(Copier.digest(everything(), next)).isEqualTo(copied.sourceDigest());
    assertThat(next.computed()).isZero();
  }

  @Test
  void anAddArchiveIsHashedOnceToo() {
    Fs.bytes(context, "pkg.tar", Fs.tar(List.of(Member.dir("pkg/", 0755, 0, 0),
        Member.file("pkg/f", "in the archive\n", 0644, 0, 0))));
    CopyRequest add = CopyRequest.fromContext(context, IGNORE, List.of("pkg.tar"), dest, "/opt/").withAdd(true);
    FileHashCache first = open();
    Digest digest = Copier.digest(add, first);
    assertThat(first.computed()).isEqualTo(1);
    first.save();
    FileHashCache second = open();
    assertThat(Copier.digest(add, second)).isEqualTo(digest).isEqualTo(Copier.digest(add));
    assertThat(second.computed()).isZero();
  }

  @Test
  void filesOfAStageOrImageNeverGoIntoTheCache() {
    FileHashCache hashes = open();
    Copier.digest(CopyRequest.fromFilesystem(context, List.of("/"), dest, "/app/"), hashes);
    Copier.copy(CopyRequest.fromFilesystem(context, List.of("/src"), dest, "/app/"), hashes);
    hashes.save();
    assertThat(hashes.computed()).isZero();
    assertThat(hashes.file()).doesNotExist();
  }

  @Test
  void theCacheFileIsNamedAfterTheContextAndHoldsNoContent() throws IOException {
    FileHashCache hashes = open();
    Copier.digest(everything(), hashes);
    hashes.save();
    assertThat(hashes.file().getParent()).isEqualTo(state.resolve("context-hashes"));
    assertThat(hashes.file().getFileName().toString()).matches("[0-9a-f]{64}");
    String stored = new String(Files.readAllBytes(hashes.file()), StandardCharsets.ISO_8859_1);
    assertThat(stored).contains(context.toRealPath().resolve("src/main.c").toString())
        .doesNotContain("int main").doesNotContain("secret.env");
    try (Stream<Path> left = Files.list(hashes.file().getParent())) {
      assertThat(left).hasSize(1); // no temporary file left behind
    }
  }

  @Test
  void aParallelDigestOfManyFilesEqualsTheCopysSequentialOne() {
    for (int i = 0; i < 300; i++) {
      Fs.bytes(context, "many/d" + (i % 7) + "/f" + i, ("file " + i + "\n").repeat(i * 37).getBytes(
          StandardCharsets.UTF_8));
    }
    Digest parallel = Copier.digest(everything());
    CopyResult copied = Copier.copy(everything());
    assertThat(parallel).isEqualTo(copied.sourceDigest());
  }

  @Test
  void aFileGoneBetweenTheWalkAndTheReadFailsWithItsPath() throws IOException {
    FileHashCache hashes = open();
    Path gone = context.resolve("docs/readme.md");
    UnixAttrs attrs = Fs.attrs(gone);
    Files.delete(gone);
    assertThatThrownBy(() -> hashes.hash(gone, attrs))
        .isInstanceOf(CopyException.class).hasMessageContaining(gone.toString());
  }
}
