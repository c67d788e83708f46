package dev.stowage.engine.cache;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stowage.engine.image.LayerRef;
import dev.stowage.oci.Descriptor;
import dev.stowage.oci.Digest;
import dev.stowage.oci.OciJson;
import dev.stowage.oci.store.BlobSource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The step cache index: one small JSON file per key ({@code keys/<hex>.json}) holding the layer's descriptor, its
 * DiffID and when it was made. An entry is written (temp file, then rename) only after its blob is committed to the
 * store, so an interrupted build leaves no entry; an entry whose blob is gone or that cannot be read is a miss and
 * is removed on lookup, so the next build repairs it. A hit sets the entry file's mtime, so the mtime is when the
 * entry was last used (or made): what {@code prune --filter until=} and {@code --keep-storage} go by. Holds digests
 * and times only, never a secret.
 */
public final class BuildCache implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final Path keys;
  private final SecretCacheKey secretKey;

  /** The index under {@code cacheDir} (the state directory's {@code cache/}). */
  public BuildCache(Path cacheDir) {
    this.keys = cacheDir.resolve("keys");
    this.secretKey = new SecretCacheKey(cacheDir);
  }

  /** The key this cache directory's by-content secret fingerprints are made with (read or made on first use). */
  /** Forgets the secret cache key held in memory (zero-filled). */
  @Override
  public void close() {
    secretKey.close();
  }

  public SecretCacheKey secretKey() {
    return secretKey;
  }

  public Path directory() {
    return keys;
  }

  /** The entry for {@code key} whose blob {@code blobs} holds, else empty (a stale entry is removed). */
  public Optional<CacheEntry> lookup(Digest key, BlobSource blobs) {
    Path file = fileOf(key);
    Optional<CacheEntry> entry = read(file);
    if (entry.isEmpty()) {
      return Optional.empty();
    }
    Descriptor blob = entry.get().layer().blob();
    // Gone, or not the size the entry says (a blob truncated or replaced behind the store's back): the step runs
    // again and writes a good one. Content is checked where it is read whole (unpack, extract, docker load).
    if (!blobs.has(blob.digest()) || blobs.size(blob.digest()) != blob.size()) {
      remove(key);
      return Optional.empty();
    }
    touch(file);
    return entry;
  }

  /** When the entry for {@code key} was last used or made, or empty when there is no such entry. */
  public Optional<Instant> lastUsed(Digest key) {
    try {
      return Optional.of(Files.getLastModifiedTime(fileOf(key)).toInstant());
    } catch (NoSuchFileException e) {
      return Optional.empty();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the time of the cache entry " + fileOf(key) + ": "
          + e.getMessage(), e);
    }
  }

  /** Records what the step with {@code key} produced; call only once the layer's blob is committed. */
  public void record(Digest key, CacheEntry entry) {
    ObjectNode node = JSON.createObjectNode();
    try {
      node.set("layer", JSON.readTree(OciJson.write(entry.layer().blob())));
      node.put("diffId", entry.layer().diffId().toString());
      node.put("created", entry.created().toString());
      Files.createDirectories(keys);
      Path temp = Files.createTempFile(keys, ".entry-", ".tmp");
      try {
        Files.write(temp, JSON.writeValueAsBytes(node));
        try {
          Files.move(temp, fileOf(key), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
          Files.move(temp, fileOf(key), StandardCopyOption.REPLACE_EXISTING);
        }
      } finally {
        Files.deleteIfExists(temp);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the cache entry " + fileOf(key) + ": " + e.getMessage(), e);
    }
  }

  /** Removes the entry for {@code key}, if any. */
  public void remove(Digest key) {
    try {
      Files.deleteIfExists(fileOf(key));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot remove the cache entry " + fileOf(key) + ": " + e.getMessage(), e);
    }
  }

  /** Every readable entry, by key (unreadable ones and left-over temp files are removed). */
  public Map<Digest, CacheEntry> entries() {
    Map<Digest, CacheEntry> entries = new java.util.TreeMap<>();
    if (!Files.isDirectory(keys)) {
      return entries;
    }
    List<Path> files = new ArrayList<>();
    try (DirectoryStream<Path> stream = Files.newDirectoryStream(keys)) {
      stream.forEach(files::add);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list the cache " + keys + ": " + e.getMessage(), e);
    }
    for (Path file : files) {
      String name = file.getFileName().toString();
      Optional<CacheEntry> entry = name.endsWith(".json") ? read(file) : Optional.empty();
      if (entry.isPresent() && Digest.isValid("sha256:" + name.substring(0, name.length() - 5))) {
        entries.put(Digest.parse("sha256:" + name.substring(0, name.length() - 5)), entry.get());
      } else if (!name.startsWith(".entry-")) {
        deleteQuietly(file);
      }
    }
    return entries;
  }

  private Optional<CacheEntry> read(Path file) {
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      return Optional.empty();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the cache entry " + file + ": " + e.getMessage(), e);
    }
    try {
      JsonNode node = JSON.readTree(bytes);
      Descriptor blob = OciJson.readDescriptor(JSON.writeValueAsBytes(node.get("layer")));
      Digest diffId = Digest.parse(node.get("diffId").asText());
      Instant created = Instant.parse(node.get("created").asText());
      return Optional.of(new CacheEntry(new LayerRef(blob, diffId), created));
    } catch (IOException | RuntimeException e) {
      deleteQuietly(file); // a torn or foreign file is a miss; the step runs and writes a good entry
      return Optional.empty();
    }
  }

  private Path fileOf(Digest key) {
    return keys.resolve(key.hex() + ".json");
  }

  /** Records a use: one utimensat, no write of the entry. */
  private static void touch(Path file) {
    try {
      Files.setLastModifiedTime(file, FileTime.from(Instant.now()));
    } catch (IOException ignored) {
      // removed meanwhile, or a read-only state directory: the entry just looks older to prune
    }
  }

  private static void deleteQuietly(Path file) {
    try {
      Files.deleteIfExists(file);
    } catch (IOException ignored) {
      // the next lookup tries again
    }
  }
}
