package dev.stowage.oci.dockerarchive;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stowage.oci.Annotations;
import dev.stowage.oci.Descriptor;
import dev.stowage.oci.Digest;
import dev.stowage.oci.DigestMismatchException;
import dev.stowage.oci.ImageIndex;
import dev.stowage.oci.ImageManifest;
import dev.stowage.oci.MediaType;
import dev.stowage.oci.OciException;
import dev.stowage.oci.OciJson;
import dev.stowage.oci.Raw;
import dev.stowage.oci.archive.Compression;
import dev.stowage.oci.archive.FileSink;
import dev.stowage.oci.archive.TarWriter;
import dev.stowage.oci.image.Image;
import dev.stowage.oci.image.NamedImage;
import dev.stowage.oci.ref.ImageReference;
import dev.stowage.oci.ref.InvalidReferenceException;
import dev.stowage.oci.store.BlobSource;
import dev.stowage.oci.store.DigestingOutputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Writes a docker-archive (what {@code docker save} writes and {@code docker load} reads): {@code manifest.json}
 * with {@code Config}, {@code RepoTags} and {@code Layers}, the config, and every layer as an uncompressed tar.
 *
 * <p>{@link Layout#OCI_COMPATIBLE} (the default) is docker 25's form: blobs under {@code blobs/sha256/}, layers
 * named by DiffID, plus {@code oci-layout}, {@code index.json} and an OCI manifest of the uncompressed layers, so
 * the same file is also an OCI layout. {@link Layout#LEGACY} is the older {@code <diffid>/layer.tar} form.
 * Both load into every docker version, which reads only manifest.json.
 *
 * <p>{@link LayerForm#UNCOMPRESSED} (what {@code docker save} writes) copies a layer's uncompressed blob when the
 * store keeps one (under its DiffID); otherwise it decompresses the layer twice: once to learn its size for the tar
 * header (verifying its DiffID on the way), once to copy it; nothing is held in memory. {@link LayerForm#AS_STORED} copies the blobs as they are (what BuildKit's docker exporter writes): much
 * faster, and {@code docker load} decompresses gzip layers itself (zstd ones only from docker 23 on). In the
 * OCI-compatible layout the image's own manifest is then kept byte for byte.
 */
public final class DockerArchiveWriter {
  /** The file layout of the archive. */
  public enum Layout {
    OCI_COMPATIBLE,
    LEGACY
  }

  /** How layers are stored in the archive. */
  public enum LayerForm {
    UNCOMPRESSED,
    AS_STORED
  }

  static final String MANIFEST = "manifest.json";

  private DockerArchiveWriter() {}

  public static void write(OutputStream out, List<NamedImage> images, BlobSource blobs) {
    write(out, images, blobs, Layout.OCI_COMPATIBLE);
  }

  public static void write(OutputStream out, List<NamedImage> images, BlobSource blobs, Layout layout) {
    write(out, images, blobs, layout, LayerForm.UNCOMPRESSED);
  }

  /** Writes the archive to {@code out} (flushed, not closed). */
  public static void write(OutputStream out, List<NamedImage> images, BlobSource blobs, Layout layout,
      LayerForm form) {
    Map<Digest, Long> uncompressedSizes = new LinkedHashMap<>();
    for (NamedImage named : images) {
      Image image = named.image();
      if (image.layers().size() != image.diffIds().size()) {
        throw new OciException("image " + image.id() + " has " + image.layers().size() + " layers but "
            + image.diffIds().size() + " DiffIDs in its config");
      }
      for (int i = 0; i < image.layers().size(); i++) {
        Descriptor layer = image.layers().get(i);
        Digest diffId = image.diffIds().get(i);
        if (form == LayerForm.UNCOMPRESSED && !uncompressedSizes.containsKey(diffId)) {
          uncompressedSizes.put(diffId, measure(blobs, layer, diffId));
        }
      }
    }

    // Every member, by path: sorted paths give docker's order and a deterministic archive.
    Map<String, Member> members = new TreeMap<>();
    ArrayNode manifestJson = OciJson.mapper().createArrayNode();
    List<Descriptor> indexEntries = new ArrayList<>();
    for (NamedImage named : images) {
      Image image = named.image();
      String configPath = layout == Layout.LEGACY
          ? image.config().digest().encoded() + ".json"
          : blobPath(image.config().digest());
      members.put(configPath, new Bytes(image.config().bytes()));
      List<String> layerPaths = new ArrayList<>();
      List<Descriptor> uncompressedLayers = new ArrayList<>();
      for (int i = 0; i < image.layers().size(); i++) {
        Descriptor stored = image.layers().get(i);
        Digest diffId = image.diffIds().get(i);
        if (form == LayerForm.AS_STORED) {
          String path = layout == Layout.LEGACY ? diffId.encoded() + "/layer.tar" : blobPath(stored.digest());
          members.putIfAbsent(path, new StoredLayer(stored));
          layerPaths.add(path);
          continue;
        }
        long size = uncompressedSizes.get(diffId);
        String path = layout == Layout.LEGACY ? diffId.encoded() + "/layer.tar" : blobPath(diffId);
        members.putIfAbsent(path, new Layer(stored, diffId, size));
        layerPaths.add(path);
        uncompressedLayers.add(Descriptor.of(MediaType.OCI_LAYER, diffId, size));
      }
      ObjectNode item = manifestJson.addObject();
      item.put("Config", configPath);
      ArrayNode tags = item.putArray("RepoTags");
      repoTags(named).forEach(tags::add);
      ArrayNode layers = item.putArray("Layers");
      layerPaths.forEach(layers::add);

      if (layout == Layout.OCI_COMPATIBLE) {
        Raw<ImageManifest> manifest = form == LayerForm.AS_STORED
            ? image.manifest()
            : OciJson.toRaw(ImageManifest.of(MediaType.OCI_MANIFEST,
                Descriptor.of(MediaType.OCI_CONFIG, image.config().digest(), image.config().size()),
                uncompressedLayers));
        members.put(blobPath(manifest.digest()), new Bytes(manifest.bytes()));
        Descriptor entry = manifest.descriptor(manifest.value().mediaType()).withPlatform(image.platform());
        List<String> tags2 = repoTags(named);
        if (tags2.isEmpty()) {
          indexEntries.add(entry);
        }
        for (String tag : tags2) {
          ImageReference ref = ImageReference.parse(tag);
          indexEntries.add(entry.withAnnotations(Map.of(
              Annotations.CONTAINERD_IMAGE_NAME, ref.toString(),
              Annotations.REF_NAME, ref.tag().orElseThrow())));
        }
      }
    }
    members.put(MANIFEST, new Bytes(json(OciJson.mapper(), manifestJson)));
    if (layout == Layout.OCI_COMPATIBLE) {
      members.put("oci-layout", new Bytes("{\"imageLayoutVersion\":\"1.0.0\"}".getBytes()));
      members.put("index.json", new Bytes(OciJson.write(ImageIndex.of(MediaType.OCI_INDEX, indexEntries))));
    }

    TarWriter tar = new TarWriter(out instanceof FileSink ? out : new BufferedOutputStream(out, 64 * 1024));
    List<String> directoriesWritten = new ArrayList<>();
    for (Map.Entry<String, Member> entry : members.entrySet()) {
      String path = entry.getKey();
      int slash = path.lastIndexOf('/');
      if (slash > 0) {
        String dir = path.substring(0, slash);
        List<String> chain = new ArrayList<>();
        for (String d = dir; d != null; d = d.lastIndexOf('/') > 0 ? d.substring(0, d.lastIndexOf('/')) : null) {
          chain.add(0, d);
        }
        for (String d : chain) {
          if (!directoriesWritten.contains(d)) {
            tar.putDirectory(d);
            directoriesWritten.add(d);
          }
        }
      }
      // instanceof, not a pattern switch: the build's start-up path (see docs/architecture.md, "Start-up")
      Member member = entry.getValue();
      if (member instanceof Bytes b) {
        tar.putFile(path, b.content());
      } else if (member instanceof StoredLayer l) {
        copyAsStored(tar, path, blobs, l.descriptor());
      } else if (member instanceof Layer l) {
        Optional<Descriptor> uncompressed = storedUncompressed(blobs, l.descriptor(), l.diffId());
        if (uncompressed.isPresent()) {
          copyAsStored(tar, path, blobs, uncompressed.get());
          continue;
        }
        try (InputStream in = uncompressed(blobs, l.descriptor())) {
          tar.putFile(path, l.size(), in);
        } catch (IOException e) {
          throw new UncheckedIOException("copying layer " + l.diffId() + ": " + e.getMessage(), e);
        }
      } else {
        throw new IllegalStateException("unhandled " + member.getClass().getSimpleName());
      }
    }
    tar.finish();
  }

  public static void write(Path file, List<NamedImage> images, BlobSource blobs, Layout layout) {
    write(file, images, blobs, layout, LayerForm.UNCOMPRESSED);
  }

  /** Writes the archive to {@code file}, atomically (a temporary file renamed over it). */
  public static void write(Path file, List<NamedImage> images, BlobSource blobs, Layout layout, LayerForm form) {
    Path temp = file.resolveSibling("." + file.getFileName() + ".part");
    try {
      try (OutputStream out = new FileSink(FileChannel.open(temp, StandardOpenOption.CREATE,
          StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE))) {
        write(out, images, blobs, layout, form);
      }
      Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      throw new UncheckedIOException("writing the docker archive " + file + ": " + e.getMessage(), e);
    } finally {
      try {
        Files.deleteIfExists(temp);
      } catch (IOException ignored) {
        // the archive itself matters more than a leftover temporary file
      }
    }
  }

  /** RepoTags are docker's short names with a tag ({@code busybox:latest}); digest-only names cannot be tags. */
  static List<String> repoTags(NamedImage named) {
    List<String> tags = new ArrayList<>();
    for (String name : named.names()) {
      try {
        ImageReference ref = ImageReference.parse(name);
        if (ref.tag().isPresent()) {
          String tag = ref.withTag(ref.tag().get()).familiar();
          if (!tags.contains(tag)) {
            tags.add(tag);
          }
        }
      } catch (InvalidReferenceException e) {
        throw new OciException("cannot tag an image '" + name + "' in a docker archive: " + e.getMessage(), e);
      }
    }
    return tags;
  }

  private sealed interface Member permits Bytes, Layer, StoredLayer {}

  private record Bytes(byte[] content) implements Member {}

  private record Layer(Descriptor descriptor, Digest diffId, long size) implements Member {}

  private record StoredLayer(Descriptor descriptor) implements Member {}

  static String blobPath(Digest digest) {
    return "blobs/" + digest.algorithm().ociName() + "/" + digest.encoded();
  }

  /** A blob copied as it is: by the kernel from the store's file when there is one, else through a stream. */
  private static void copyAsStored(TarWriter tar, String path, BlobSource blobs, Descriptor blob) {
    Optional<Path> file = blobs.file(blob.digest());
    try {
      if (file.isPresent()) {
        try (FileChannel channel = FileChannel.open(file.get(), StandardOpenOption.READ)) {
          tar.putFile(path, blob.size(), channel);
        }
        return;
      }
      try (InputStream in = blobs.open(blob.digest())) {
        tar.putFile(path, blob.size(), in);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("copying layer " + blob.digest() + ": " + e.getMessage(), e);
    }
  }

  /**
   * The layer's uncompressed form when the store holds it: the layer itself when it is kept uncompressed, or a
   * copy kept under its DiffID (a blob's digest is that of its content, so the blob named by the DiffID is the
   * uncompressed tar, verified when it entered the store).
   */
  private static Optional<Descriptor> storedUncompressed(BlobSource blobs, Descriptor layer, Digest diffId) {
    if (layer.digest().equals(diffId) && layer.mediaType().layerCompression() == MediaType.LayerCompression.NONE) {
      return Optional.of(layer);
    }
    return blobs.has(diffId) ? Optional.of(Descriptor.of(MediaType.OCI_LAYER, diffId, blobs.size(diffId)))
        : Optional.empty();
  }

  private static InputStream uncompressed(BlobSource blobs, Descriptor layer) {
    InputStream compressed = blobs.open(layer.digest());
    return Compression.detectAndDecompress(compressed);
  }

  /**
   * Decompresses a layer once to learn its size, checking it against its DiffID on the way. A blob stored
   * uncompressed is its own DiffID, verified when it entered the store: its size is known without reading it.
   */
  private static long measure(BlobSource blobs, Descriptor layer, Digest diffId) {
    Optional<Descriptor> uncompressed = storedUncompressed(blobs, layer, diffId);
    if (uncompressed.isPresent()) {
      return uncompressed.get().size();
    }
    try (InputStream in = uncompressed(blobs, layer)) {
      DigestingOutputStream digest = new DigestingOutputStream(OutputStream.nullOutputStream(), diffId.algorithm());
      in.transferTo(digest);
      Digest actual = digest.info().digest();
      if (!actual.equals(diffId)) {
        throw new DigestMismatchException("layer " + layer.digest() + " decompresses to content with digest " + actual
            + ", not the DiffID " + diffId + " its config records", diffId);
      }
      return digest.count();
    } catch (IOException e) {
      throw new UncheckedIOException("reading layer " + layer.digest() + ": " + e.getMessage(), e);
    }
  }

  private static byte[] json(ObjectMapper mapper, Object value) {
    try {
      byte[] bytes = mapper.writeValueAsBytes(value);
      byte[] withNewline = java.util.Arrays.copyOf(bytes, bytes.length + 1);
      withNewline[bytes.length] = '\n'; // Go's json.Encoder ends with a newline
      return withNewline;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
