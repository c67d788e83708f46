package dev.stowage.cli.cache;

import dev.stowage.engine.cache.BuildCache;
import dev.stowage.engine.cache.CacheEntry;
import dev.stowage.engine.cache.CacheEviction;
import dev.stowage.engine.store.ImageStore;
import dev.stowage.engine.store.LocalImages;
import dev.stowage.engine.store.StateDir;
import dev.stowage.oci.Descriptor;
import dev.stowage.oci.Digest;
import dev.stowage.oci.fs.FileTrees;
import dev.stowage.oci.image.Image;
import dev.stowage.oci.store.FileBlobStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The state directory as {@code df} and {@code prune} see it: named images and the blobs they reach, build cache
 * entries, every blob, the unpacked layers (snapshots) and the context hash caches. Removal never touches a blob a
 * named image needs unless asked to remove everything.
 */
final class StateUsage {
  /** Snapshot directories: an unpacked layer ({@code sha256-...}) or a flattened stack ({@code flat-...}). */
  private static final String LAYER_PREFIX = "sha256-";
  private static final String FLAT_PREFIX = "flat-";

  private final StateDir dir;
  private final FileBlobStore blobs;
  private final LocalImages names;
  private final BuildCache cache;

  StateUsage(StateDir dir) {
    this.dir = dir;
    this.blobs = FileBlobStore.open(dir.blobs());
    this.names = new LocalImages(dir.images());
    this.cache = new BuildCache(dir.cache());
  }

  /** What {@code prune} removed: counts and bytes. */
  record Pruned(int cacheEntries, int blobs, long blobBytes, int snapshots) {}

  /** One line of {@code df}. */
  record Row(String type, int total, long bytes) {}

  List<Row> rows() {
    List<Image> images = namedImages();
    Set<Digest> reachable = reachable(images);
    Map<Digest, CacheEntry> entries = cache.entries();
    Set<Digest> cacheBlobs = new HashSet<>();
    entries.values().forEach(e -> cacheBlobs.add(e.layer().blob().digest()));
    List<Digest> all = blobs.list();
    List<Path> hashFiles = contextHashFiles();
    return List.of(
        new Row("Images", images.size(), sizeOf(reachable)),
        new Row("Build cache", entries.size(), sizeOf(cacheBlobs)),
        new Row("Blobs", all.size(), sizeOf(all)),
        new Row("Unpacked layers", snapshotDirs().size(), 0),
        new Row("Context hashes", hashFiles.size(), sizeOfFiles(hashFiles)));
  }

  /**
   * Removes every cache entry and cache mount, each blob no named image reaches (all blobs and names with
   * {@code everything}), and each unpacked layer that is not a layer of a named image (all of them with
   * {@code everything}). The context hash caches and the secret cache key go only with {@code everything}: they
   * stay valid otherwise.
   */
  Pruned prune(boolean everything) {
    int entries = cache.entries().size();
    deleteTree(dir.cache().resolve("keys"));
    deleteTree(dir.cache().resolve("mounts"));
    deleteTree(dir.cache().resolve("compressed")); // notes of compressed copies of layers (LayerConverter)
    if (everything) {
      deleteTree(dir.contextHashes());
      deleteTree(cache.secretKey().file()); // no entry made with it is left: the next by-content build makes another
    }
    List<Image> images = everything ? List.of() : namedImages();
    if (everything) {
      for (String name : names.list().keySet()) {
        names.remove(name);
      }
    }
    return sweep(entries, images, List.of(), everything);
  }

  /**
   * Removes the cache entries {@code filter} picks ({@link CacheEviction}; an entry whose blob is gone goes too),
   * then each blob that neither a named image nor a remaining entry needs, and each unpacked layer that is not a
   * layer of either (flattened stacks always: they are remade on demand). Cache mounts and context hashes stay.
   */
  Pruned prune(PruneFilter filter, Instant now) {
    Map<Digest, CacheEntry> remaining = new HashMap<>(cache.entries());
    List<CacheEviction.Entry> usage = new ArrayList<>();
    int removed = 0;
    for (Map.Entry<Digest, CacheEntry> entry : Map.copyOf(remaining).entrySet()) {
      Digest blob = entry.getValue().layer().blob().digest();
      Optional<Instant> lastUsed = cache.lastUsed(entry.getKey());
      if (!blobs.has(blob) || lastUsed.isEmpty()) {
        cache.remove(entry.getKey()); // a miss already: never leave an entry without its blob
        remaining.remove(entry.getKey());
        removed++;
        continue;
      }
      usage.add(new CacheEviction.Entry(entry.getKey(), blob, blobs.size(blob), lastUsed.get()));
    }
    for (Digest key : CacheEviction.select(usage, filter.unusedFor(), filter.keepBytes(), now)) {
      cache.remove(key);
      remaining.remove(key);
      removed++;
    }
    return sweep(removed, namedImages(), remaining.values(), false);
  }

  /** Removes every blob and unpacked layer that neither {@code images} nor {@code entries} need. */
  private Pruned sweep(int removedEntries, List<Image> images, Collection<CacheEntry> entries, boolean everything) {
    Set<Digest> keep = reachable(images);
    Set<String> keepDiffIds = new HashSet<>();
    images.forEach(i -> i.diffIds().forEach(d -> keepDiffIds.add(d.toString())));
    for (CacheEntry entry : entries) {
      keep.add(entry.layer().blob().digest());
      keepDiffIds.add(entry.layer().diffId().toString());
    }
    int removedBlobs = 0;
    long bytes = 0;
    for (Digest digest : blobs.list()) {
      if (!keep.contains(digest)) {
        long size = blobs.size(digest);
        if (blobs.delete(digest)) {
          removedBlobs++;
          bytes += size;
        }
      }
    }
    int snapshots = 0;
    for (Path snapshot : snapshotDirs()) {
      String name = snapshot.getFileName().toString();
      if (everything || name.startsWith(FLAT_PREFIX) || !keepDiffIds.contains(diffIdOf(snapshot))) {
        deleteTree(snapshot);
        snapshots++;
      }
    }
    removeDanglingLinks();
    return new Pruned(removedEntries, removedBlobs, bytes, snapshots);
  }

  private List<Image> namedImages() {
    ImageStore store = new ImageStore(blobs, names);
    List<Image> images = new ArrayList<>();
    for (LocalImages.Entry entry : names.list().values()) {
      try {
        images.add(store.read(entry.descriptor().digest()));
      } catch (RuntimeException missing) {
        // a name whose manifest is gone reaches nothing; rmi removes the name
      }
    }
    return images;
  }

  private static Set<Digest> reachable(List<Image> images) {
    Set<Digest> digests = new HashSet<>();
    for (Image image : images) {
      digests.add(image.manifest().digest());
      digests.add(image.manifest().value().config().digest());
      image.layers().stream().map(Descriptor::digest).forEach(digests::add);
      digests.addAll(image.diffIds()); // the uncompressed copies of its layers, where kept
    }
    return digests;
  }

  private long sizeOf(Iterable<Digest> digests) {
    long total = 0;
    for (Digest digest : digests) {
      if (blobs.has(digest)) {
        total += blobs.size(digest);
      }
    }
    return total;
  }

  /** One file per build context: stat-keyed content hashes ({@code prune -a} removes them). */
  private List<Path> contextHashFiles() {
    List<Path> files = new ArrayList<>();
    if (!Files.isDirectory(dir.contextHashes())) {
      return files;
    }
    try (DirectoryStream<Path> stream = Files.newDirectoryStream(dir.contextHashes())) {
      for (Path p : stream) {
        if (Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) {
          files.add(p);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + dir.contextHashes() + ": " + e.getMessage(), e);
    }
    return files;
  }

  private static long sizeOfFiles(List<Path> files) {
    long total = 0;
    for (Path file : files) {
      try {
        total += Files.size(file);
      } catch (IOException gone) {
        // removed by a build saving its own: it no longer counts
      }
    }
    return total;
  }

  private List<Path> snapshotDirs() {
    List<Path> dirs = new ArrayList<>();
    if (!Files.isDirectory(dir.snapshots())) {
      return dirs;
    }
    try (DirectoryStream<Path> stream = Files.newDirectoryStream(dir.snapshots())) {
      for (Path p : stream) {
        String name = p.getFileName().toString();
        if ((name.startsWith(LAYER_PREFIX) || name.startsWith(FLAT_PREFIX))
            && Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
          dirs.add(p);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + dir.snapshots() + ": " + e.getMessage(), e);
    }
    return dirs;
  }

  private static String diffIdOf(Path snapshot) {
    try {
      return Files.readString(snapshot.resolve("diffid")).strip();
    } catch (IOException e) {
      return ""; // an incomplete snapshot: nothing keeps it
    }
  }

  /** The snapshotter's short links ({@code l/}) to snapshots that are gone. */
  private void removeDanglingLinks() {
    Path links = dir.snapshots().resolve("l");
    if (!Files.isDirectory(links)) {
      return;
    }
    try (DirectoryStream<Path> stream = Files.newDirectoryStream(links)) {
      for (Path link : stream) {
        if (Files.isSymbolicLink(link) && !Files.exists(link)) {
          Files.deleteIfExists(link);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot clean " + links + ": " + e.getMessage(), e);
    }
  }

  private static void deleteTree(Path root) {
    try {
      FileTrees.removeAll(root);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot remove " + root + ": " + e.getMessage(), e);
    }
  }
}
