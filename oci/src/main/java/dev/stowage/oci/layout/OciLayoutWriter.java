package dev.stowage.oci.layout;

import dev.stowage.oci.Annotations;
import dev.stowage.oci.Descriptor;
import dev.stowage.oci.Digest;
import dev.stowage.oci.ImageIndex;
import dev.stowage.oci.MediaType;
import dev.stowage.oci.OciJson;
import dev.stowage.oci.Raw;
import dev.stowage.oci.archive.TarWriter;
import dev.stowage.oci.image.Image;
import dev.stowage.oci.image.NamedImage;
import dev.stowage.oci.ref.ImageReference;
import dev.stowage.oci.ref.InvalidReferenceException;
import dev.stowage.oci.store.BlobSource;
import dev.stowage.oci.store.FileBlobStore;
import dev.stowage.oci.store.Ingest;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Writes an OCI image layout ({@code oci-layout}, {@code index.json}, {@code blobs/sha256/...}) as a directory or
 * a tar, copying every blob from a {@link BlobSource} with verification. Each name of an image becomes one index
 * entry annotated as BuildKit and docker annotate them: {@code io.containerd.image.name} with the full reference
 * and {@code org.opencontainers.image.ref.name} with its tag. The tar is deterministic: fixed metadata, metadata
 * files first, then blobs sorted by path.
 */
public final class OciLayoutWriter {
  static final String LAYOUT_FILE = "oci-layout";
  static final String INDEX_FILE = "index.json";
  static final byte[] LAYOUT_CONTENT = "{\"imageLayoutVersion\":\"1.0.0\"}".getBytes(StandardCharsets.UTF_8);

  private OciLayoutWriter() {}

  /** The index.json for these images: one entry per name (one unnamed entry for an image without names). */
  public static Raw<ImageIndex> index(List<NamedImage> images) {
    List<Descriptor> manifests = new ArrayList<>();
    for (NamedImage named : images) {
      Descriptor base = named.image().descriptor().withPlatform(named.image().platform());
      if (named.names().isEmpty()) {
        manifests.add(base);
      }
      for (String name : named.names()) {
        manifests.add(base.withAnnotations(annotationsFor(name)));
      }
    }
    return OciJson.toRaw(ImageIndex.of(MediaType.OCI_INDEX, manifests));
  }

  static Map<String, String> annotationsFor(String name) {
    Map<String, String> annotations = new TreeMap<>();
    try {
      ImageReference ref = ImageReference.parse(name);
      annotations.put(Annotations.CONTAINERD_IMAGE_NAME, ref.toString());
      ref.tag().ifPresent(tag -> annotations.put(Annotations.REF_NAME, tag));
    } catch (InvalidReferenceException e) {
      annotations.put(Annotations.REF_NAME, name); // a free-form ref.name such as "v1-amd64"
    }
    return annotations;
  }

  /** The layer blobs of these images in a stable order, deduplicated; foreign layers are not copied. */
  static Map<Digest, Long> blobs(List<NamedImage> images) {
    Map<Digest, Long> blobs = new LinkedHashMap<>();
    for (NamedImage named : images) {
      Image image = named.image();
      for (Descriptor layer : image.layers()) {
        if (!layer.mediaType().isForeignLayer()) {
          blobs.putIfAbsent(layer.digest(), layer.size());
        }
      }
    }
    return blobs;
  }

  /**
   * Writes the layout into {@code dir} (created if missing). Blobs already present are kept (they are verified by
   * digest when read); index.json and oci-layout are replaced atomically.
   */
  public static Raw<ImageIndex> writeDirectory(Path dir, List<NamedImage> images, BlobSource blobs) {
    Raw<ImageIndex> index = index(images);
    try {
      Files.createDirectories(dir);
      FileBlobStore target = FileBlobStore.open(dir);
      for (Map.Entry<Digest, Long> blob : blobs(images).entrySet()) {
        copyBlob(blobs, target, blob.getKey(), blob.getValue());
      }
      for (NamedImage named : images) {
        putBytes(target, named.image().config().bytes());
        putBytes(target, named.image().manifest().bytes());
      }
      deleteIfEmpty(dir.resolve("ingest"));
      writeAtomically(dir.resolve(LAYOUT_FILE), LAYOUT_CONTENT);
      writeAtomically(dir.resolve(INDEX_FILE), index.bytes());
    } catch (IOException e) {
      throw new UncheckedIOException("writing the OCI layout " + dir + ": " + e.getMessage(), e);
    }
    return index;
  }

  private static void copyBlob(BlobSource source, FileBlobStore target, Digest digest, long size) {
    if (target.has(digest) && target.size(digest) == size) {
      return;
    }
    try (InputStream in = source.open(digest); Ingest ingest = target.ingest(Optional.of(digest), size)) {
      in.transferTo(ingest);
      ingest.commit();
    } catch (IOException e) {
      throw new UncheckedIOException("copying blob " + digest + ": " + e.getMessage(), e);
    }
  }

  private static void putBytes(FileBlobStore target, byte[] bytes) {
    Digest digest = Digest.sha256(bytes);
    if (!target.has(digest)) {
      target.put(bytes);
    }
  }

  /** Writes the layout as a tar to {@code out} (flushed, not closed). */
  public static Raw<ImageIndex> writeTar(OutputStream out, List<NamedImage> images, BlobSource blobs) {
    Raw<ImageIndex> index = index(images);
    TarWriter tar = new TarWriter(new BufferedOutputStream(out, 64 * 1024));
    tar.putFile(LAYOUT_FILE, LAYOUT_CONTENT);
    tar.putFile(INDEX_FILE, index.bytes());
    Map<String, Object> entries = new TreeMap<>();
    for (Map.Entry<Digest, Long> blob : blobs(images).entrySet()) {
      entries.put(LayoutBlobs.blobPath(blob.getKey()), blob);
    }
    for (NamedImage named : images) {
      entries.put(LayoutBlobs.blobPath(named.image().config().digest()), named.image().config().bytes());
      entries.put(LayoutBlobs.blobPath(named.image().manifest().digest()), named.image().manifest().bytes());
    }
    tar.putDirectory("blobs");
    String lastDir = "";
    for (Map.Entry<String, Object> entry : entries.entrySet()) {
      String dir = entry.getKey().substring(0, entry.getKey().lastIndexOf('/'));
      if (!dir.equals(lastDir)) {
        tar.putDirectory(dir);
        lastDir = dir;
      }
      if (entry.getValue() instanceof byte[] bytes) {
        tar.putFile(entry.getKey(), bytes);
      } else {
        @SuppressWarnings("unchecked")
        Map.Entry<Digest, Long> blob = (Map.Entry<Digest, Long>) entry.getValue();
        try (InputStream in = blobs.open(blob.getKey())) {
          tar.putFile(entry.getKey(), blob.getValue(), in);
        } catch (IOException e) {
          throw new UncheckedIOException("copying blob " + blob.getKey() + ": " + e.getMessage(), e);
        }
      }
    }
    tar.finish();
    return index;
  }

  /** Writes the layout as a tar file, atomically (a temporary file renamed over {@code file}). */
  public static Raw<ImageIndex> writeTar(Path file, List<NamedImage> images, BlobSource blobs) {
    Path temp = file.resolveSibling("." + file.getFileName() + ".part");
    try {
      Raw<ImageIndex> index;
      try (OutputStream out = Files.newOutputStream(temp)) {
        index = writeTar(out, images, blobs);
      }
      Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      return index;
    } catch (IOException e) {
      throw new UncheckedIOException("writing the OCI layout archive " + file + ": " + e.getMessage(), e);
    } catch (RuntimeException e) {
      try {
        Files.deleteIfExists(temp);
      } catch (IOException ignored) {
        // the original failure matters more
      }
      throw e;
    }
  }

  static void writeAtomically(Path file, byte[] content) throws IOException {
    Path temp = file.resolveSibling("." + file.getFileName() + ".part");
    Files.write(temp, content);
    Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
  }

  private static void deleteIfEmpty(Path dir) throws IOException {
    if (Files.isDirectory(dir)) {
      try (var entries = Files.list(dir)) {
        if (entries.findAny().isEmpty()) {
          Files.delete(dir);
        }
      }
    }
  }
}
