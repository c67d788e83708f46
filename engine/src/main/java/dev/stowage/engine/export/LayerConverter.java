package dev.stowage.engine.export;

import dev.stowage.engine.image.LayerRef;
import dev.stowage.engine.solve.Solver.BuiltImage;
import dev.stowage.oci.Descriptor;
import dev.stowage.oci.MediaType;
import dev.stowage.oci.archive.Compression;
import dev.stowage.oci.archive.NonClosingOutputStream;
import dev.stowage.oci.store.BlobInfo;
import dev.stowage.oci.store.BlobStore;
import dev.stowage.oci.store.Ingest;
import dev.stowage.oci.Digest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Gives a built image the layer compression an output asks for. A build keeps its own layers uncompressed in the
 * store (as Docker's image store does: a docker-archive is then a plain copy), and compresses them only for an
 * output that wants compressed layers: an OCI layout and a registry push (gzip by default, as BuildKit), or any
 * output with {@code compression=}. A layer already in the wanted compression is kept unless {@code force}.
 * Conversions are remembered for the life of the converter, so one build with several outputs compresses once.
 */
public final class LayerConverter {

  /** What an output wants: a compression, its level (or the compression's default) and whether to recompress. */
  public record Choice(Compression compression, int level, boolean force) {
    /** BuildKit's default for compressed outputs: gzip at its default level. */
    public static Choice gzipDefault() {
      return new Choice(Compression.GZIP, Compression.GZIP.defaultLevel(), false);
    }
  }

  /** Hears about each layer as it is compressed (a GiB-sized one takes seconds): for progress. */
  public interface Listener {
    Listener NONE = new Listener() {
      @Override
      public void started(LayerRef layer) { }

      @Override
      public void finished(LayerRef layer, Descriptor compressed) { }
    };

    void started(LayerRef layer);

    void finished(LayerRef layer, Descriptor compressed);
  }

  private final BlobStore store;
  private final Listener listener;
  private final Optional<Path> remembered;
  private final Map<String, Descriptor> converted = new ConcurrentHashMap<>();

  public LayerConverter(BlobStore store) {
    this(store, Listener.NONE, Optional.empty());
  }

  /**
   * @param remembered a directory where each conversion is noted (DiffID, compression and level to the blob), so a
   *     later build or push of the same layer reuses the compressed blob while the store holds it
   */
  public LayerConverter(BlobStore store, Listener listener, Optional<Path> remembered) {
    this.store = store;
    this.listener = listener;
    this.remembered = remembered;
  }

  /** The image with every layer in {@code choice}'s compression (new blobs go into the store). */
  public BuiltImage convert(BuiltImage image, Choice choice) {
    List<LayerRef> layers = new ArrayList<>();
    for (LayerRef layer : image.layers()) {
      layers.add(convert(layer, choice));
    }
    return new BuiltImage(image.config(), image.configBytes(), image.configDigest(), layers);
  }

  private LayerRef convert(LayerRef layer, Choice choice) {
    Compression stored = Compression.of(layer.blob().mediaType());
    if (stored == choice.compression() && !choice.force()) {
      return layer;
    }
    String key = layer.diffId() + "|" + choice.compression() + "|" + choice.level();
    Descriptor blob = converted.computeIfAbsent(key, k -> recompress(layer, choice));
    return new LayerRef(blob, layer.diffId());
  }

  private Descriptor recompress(LayerRef layer, Choice choice) {
    Optional<Path> note = remembered.map(dir -> dir.resolve(layer.diffId().encoded() + "-"
        + choice.compression().name().toLowerCase(java.util.Locale.ROOT) + "-" + choice.level()));
    Optional<Descriptor> earlier = note.flatMap(this::recall);
    if (earlier.isPresent()) {
      return earlier.get();
    }
    listener.started(layer);
    Descriptor compressed = compress(layer, choice);
    listener.finished(layer, compressed);
    note.ifPresent(file -> remember(file, compressed));
    return compressed;
  }

  /** A noted conversion whose blob the store still holds; anything else (missing, unreadable, pruned) is none. */
  private Optional<Descriptor> recall(Path note) {
    try {
      String[] fields = Files.readString(note).trim().split(" ");
      if (fields.length != 3) {
        return Optional.empty();
      }
      Digest digest = Digest.parse(fields[1]);
      long size = Long.parseLong(fields[2]);
      return store.has(digest) && store.size(digest) == size
          ? Optional.of(Descriptor.of(new MediaType(fields[0]), digest, size)) : Optional.empty();
    } catch (IOException | RuntimeException e) {
      return Optional.empty();
    }
  }

  /** Notes a conversion atomically; failing to note one only costs a later compression. */
  private static void remember(Path note, Descriptor compressed) {
    try {
      Files.createDirectories(note.getParent());
      Path temp = Files.createTempFile(note.getParent(), ".note-", ".tmp");
      try {
        Files.writeString(temp, compressed.mediaType().value() + " " + compressed.digest() + " "
            + compressed.size() + "\n");
        Files.move(temp, note, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } finally {
        Files.deleteIfExists(temp);
      }
    } catch (IOException e) {
      // the next conversion of this layer compresses it again
    }
  }

  private Descriptor compress(LayerRef layer, Choice choice) {
    try (InputStream raw = store.open(layer.blob().digest());
        InputStream tar = Compression.detectAndDecompress(raw);
        Ingest ingest = store.ingest()) {
      OutputStream compressed = choice.compression().compress(new NonClosingOutputStream(ingest), choice.level());
      tar.transferTo(compressed);
      compressed.close(); // finishes the compressed stream; the ingest stays open for the commit
      BlobInfo info = ingest.commit();
      MediaType type = MediaType.layerType(choice.compression().layerCompression());
      return Descriptor.of(type, info.digest(), info.size());
    } catch (IOException e) {
      throw new UncheckedIOException("compressing layer " + layer.diffId() + " with " + choice.compression()
          + ": " + e.getMessage(), e);
    }
  }
}
