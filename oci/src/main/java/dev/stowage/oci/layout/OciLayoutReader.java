package dev.stowage.oci.layout;

import dev.stowage.oci.Annotations;
import dev.stowage.oci.Descriptor;
import dev.stowage.oci.Digest;
import dev.stowage.oci.ImageConfig;
import dev.stowage.oci.ImageIndex;
import dev.stowage.oci.ImageManifest;
import dev.stowage.oci.OciException;
import dev.stowage.oci.OciFormatException;
import dev.stowage.oci.OciJson;
import dev.stowage.oci.Raw;
import dev.stowage.oci.archive.TarIndex;
import dev.stowage.oci.image.Image;
import dev.stowage.oci.image.ImageArchive;
import dev.stowage.oci.image.NamedImage;
import dev.stowage.oci.store.BlobSource;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Reads an OCI image layout from a directory or an (uncompressed) tar. Images are found through index.json,
 * following nested indexes; attestation manifests (BuildKit's {@code vnd.docker.reference.type}) and non-image
 * artifacts are skipped. Names come from the {@code io.containerd.image.name} and
 * {@code org.opencontainers.image.ref.name} annotations. Blobs are read on demand and verified.
 */
public final class OciLayoutReader {
  private static final int METADATA_LIMIT = 4 << 20;
  private static final String REFERENCE_TYPE = "vnd.docker.reference.type";

  private OciLayoutReader() {}

  /** Opens a layout directory or a layout tar. */
  public static ImageArchive open(Path path) {
    if (Files.isDirectory(path)) {
      LayoutBlobs blobs = LayoutBlobs.directory(path);
      byte[] layout = readFile(path.resolve(OciLayoutWriter.LAYOUT_FILE), path);
      byte[] index = readFile(path.resolve(OciLayoutWriter.INDEX_FILE), path);
      return archive(path.toString(), layout, index, blobs, () -> {});
    }
    TarIndex tar = TarIndex.open(path);
    try {
      byte[] layout = tar.readSmall(tar.member(OciLayoutWriter.LAYOUT_FILE).orElseThrow(() -> notALayout(path)),
          METADATA_LIMIT);
      byte[] index = tar.readSmall(tar.member(OciLayoutWriter.INDEX_FILE).orElseThrow(() -> notALayout(path)),
          METADATA_LIMIT);
      return archive(path.toString(), layout, index, LayoutBlobs.tar(tar), tar::close);
    } catch (RuntimeException e) {
      tar.close();
      throw e;
    }
  }

  private static ImageArchive archive(String where, byte[] layout, byte[] indexBytes, LayoutBlobs blobs,
      Runnable onClose) {
    checkLayoutVersion(where, layout);
    Raw<ImageIndex> index = OciJson.readIndex(indexBytes);
    List<NamedImage> images = new ArrayList<>();
    collect(where, index.value(), List.of(), blobs, images, 0);
    List<NamedImage> result = List.copyOf(images);
    return new LayoutArchive(blobs, result, onClose);
  }

  private static void collect(String where, ImageIndex index, List<String> inherited, BlobSource blobs,
      List<NamedImage> out, int depth) {
    if (depth > 8) {
      throw new OciFormatException(where + ": image indexes are nested more than 8 deep");
    }
    for (Descriptor d : index.manifests()) {
      if (d.annotations().containsKey(REFERENCE_TYPE)) {
        continue;
      }
      List<String> names = names(d, inherited);
      if (d.mediaType().isIndex()) {
        collect(where, OciJson.readIndex(readBlob(blobs, d)).value(), names, blobs, out, depth + 1);
      } else if (d.mediaType().isManifest()) {
        Raw<ImageManifest> manifest = OciJson.readManifest(readBlob(blobs, d));
        if (!manifest.value().config().mediaType().isImageConfig()) {
          continue; // an artifact, not an image
        }
        Raw<ImageConfig> config = OciJson.readConfig(readBlob(blobs, manifest.value().config()));
        out.add(new NamedImage(new Image(manifest, config), names));
      }
    }
  }

  private static List<String> names(Descriptor d, List<String> inherited) {
    Set<String> names = new LinkedHashSet<>(inherited);
    String full = d.annotations().get(Annotations.CONTAINERD_IMAGE_NAME);
    String ref = d.annotations().get(Annotations.REF_NAME);
    if (full != null) {
      names.add(full);
    } else if (ref != null) {
      names.add(ref);
    }
    return List.copyOf(names);
  }

  private static byte[] readBlob(BlobSource blobs, Descriptor d) {
    if (d.size() > METADATA_LIMIT) {
      throw new OciFormatException("blob " + d.digest() + " (" + d.mediaType() + ") is " + d.size()
          + " bytes, too large for a manifest or config");
    }
    try (InputStream in = blobs.open(d.digest())) {
      byte[] bytes = in.readAllBytes();
      if (bytes.length != d.size()) {
        throw new OciFormatException("blob " + d.digest() + " is " + bytes.length + " bytes but its descriptor says "
            + d.size());
      }
      return bytes;
    } catch (IOException e) {
      throw new UncheckedIOException("reading blob " + d.digest() + ": " + e.getMessage(), e);
    }
  }

  private static void checkLayoutVersion(String where, byte[] layout) {
    String version;
    try {
      var node = OciJson.mapper().readTree(layout);
      var field = node == null ? null : node.get("imageLayoutVersion");
      version = field == null ? null : field.asText();
    } catch (IOException e) {
      throw new OciFormatException(where + ": oci-layout is not valid JSON");
    }
    if (version == null || !version.startsWith("1.")) {
      throw new OciFormatException(where + ": unsupported OCI layout version " + version + " (expected 1.x)");
    }
  }

  private static byte[] readFile(Path file, Path layout) {
    try {
      if (Files.size(file) > METADATA_LIMIT) {
        throw new OciFormatException(file + " is too large for a layout metadata file");
      }
      return Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      throw notALayout(layout);
    } catch (IOException e) {
      throw new UncheckedIOException("reading " + file + ": " + e.getMessage(), e);
    }
  }

  private static OciException notALayout(Path path) {
    return new OciFormatException(path + " is not an OCI image layout: it has no oci-layout and index.json");
  }

  private record LayoutArchive(LayoutBlobs blobs, List<NamedImage> images, Runnable onClose) implements ImageArchive {
    @Override
    public boolean has(Digest digest) {
      return blobs.has(digest);
    }

    @Override
    public long size(Digest digest) {
      return blobs.size(digest);
    }

    @Override
    public InputStream open(Digest digest) {
      return blobs.open(digest);
    }

    @Override
    public void close() {
      onClose.run();
    }
  }
}
