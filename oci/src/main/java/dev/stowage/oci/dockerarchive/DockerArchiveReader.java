package dev.stowage.oci.dockerarchive;

import com.fasterxml.jackson.databind.JsonNode;
import dev.stowage.oci.Descriptor;
import dev.stowage.oci.Digest;
import dev.stowage.oci.ImageConfig;
import dev.stowage.oci.ImageManifest;
import dev.stowage.oci.MediaType;
import dev.stowage.oci.OciFormatException;
import dev.stowage.oci.OciJson;
import dev.stowage.oci.Raw;
import dev.stowage.oci.archive.Compression;
import dev.stowage.oci.archive.TarIndex;
import dev.stowage.oci.image.Image;
import dev.stowage.oci.image.ImageArchive;
import dev.stowage.oci.image.NamedImage;
import dev.stowage.oci.store.BlobNotFoundException;
import dev.stowage.oci.store.DigestingOutputStream;
import dev.stowage.oci.store.VerifyingInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a docker-archive through its {@code manifest.json}, whichever layout wrote it: legacy
 * ({@code <id>/layer.tar}, {@code <config>.json}), docker 25's {@code blobs/sha256/...}, or skopeo's
 * {@code <diffid>.tar}. Layers may be plain tars (the norm) or compressed. Each image gets a synthesised OCI
 * manifest describing the layers as they are stored in the archive, so its blobs can be read, verified and pushed
 * like any other. Foreign layers listed in {@code LayerSources} but absent from the archive keep their descriptor.
 */
public final class DockerArchiveReader {
  private static final int METADATA_LIMIT = 16 << 20;
  private static final Pattern BLOB_PATH = Pattern.compile("blobs/(sha256|sha512)/([0-9a-f]+)");

  private DockerArchiveReader() {}

  public static ImageArchive open(Path file) {
    TarIndex tar = TarIndex.open(file);
    try {
      TarIndex.Member manifestMember = tar.member(DockerArchiveWriter.MANIFEST).orElseThrow(() ->
          new OciFormatException(file + " is not a docker archive: it has no manifest.json"
              + (tar.member("index.json").isPresent() ? " (it looks like an OCI layout; read it as one)" : "")));
      JsonNode manifest;
      try {
        manifest = OciJson.mapper().readTree(tar.readSmall(manifestMember, METADATA_LIMIT));
      } catch (IOException e) {
        throw new OciFormatException(file + ": manifest.json is not valid JSON: " + e.getMessage());
      }
      if (manifest == null || !manifest.isArray()) {
        throw new OciFormatException(file + ": manifest.json should be an array of images");
      }
      Map<Digest, TarIndex.Member> blobs = new HashMap<>();
      List<NamedImage> images = new ArrayList<>();
      for (int i = 0; i < manifest.size(); i++) {
        images.add(readImage(file, tar, manifest.get(i), i, blobs));
      }
      return new Archive(tar, Map.copyOf(blobs), List.copyOf(images));
    } catch (RuntimeException e) {
      tar.close();
      throw e;
    }
  }

  private static NamedImage readImage(Path file, TarIndex tar, JsonNode item, int position,
      Map<Digest, TarIndex.Member> blobs) {
    String where = file + ": manifest.json[" + position + "]";
    String configPath = text(item, "Config", where);
    TarIndex.Member configMember = tar.member(configPath).orElseThrow(() ->
        new OciFormatException(where + ": its config " + configPath + " is not in the archive"));
    Raw<ImageConfig> config = OciJson.readConfig(tar.readSmall(configMember, METADATA_LIMIT));
    blobs.put(config.digest(), configMember);

    List<Digest> diffIds = config.value().rootfs().diffIds();
    JsonNode layerPaths = item.get("Layers");
    if (layerPaths == null || !layerPaths.isArray()) {
      throw new OciFormatException(where + ": Layers should be an array of paths");
    }
    if (layerPaths.size() != diffIds.size()) {
      throw new OciFormatException(where + ": it lists " + layerPaths.size() + " layers but its config has "
          + diffIds.size() + " DiffIDs");
    }
    JsonNode sources = item.get("LayerSources");
    List<Descriptor> layers = new ArrayList<>();
    for (int i = 0; i < layerPaths.size(); i++) {
      String path = layerPaths.get(i).asText();
      Digest diffId = diffIds.get(i);
      Optional<TarIndex.Member> member = tar.member(path);
      if (member.isEmpty()) {
        JsonNode foreign = sources == null ? null : sources.get(diffId.toString());
        if (foreign == null) {
          throw new OciFormatException(where + ": layer " + path + " is not in the archive");
        }
        layers.add(foreignDescriptor(foreign, where));
        continue;
      }
      Compression compression = peekCompression(tar, member.get());
      Digest digest = digestOf(tar, member.get(), path, compression, diffId);
      blobs.put(digest, member.get());
      layers.add(Descriptor.of(compression.ociLayerType(), digest, member.get().size()));
    }
    ImageManifest synthesised = ImageManifest.of(MediaType.OCI_MANIFEST,
        Descriptor.of(MediaType.OCI_CONFIG, config.digest(), config.size()), layers);
    List<String> names = new ArrayList<>();
    JsonNode tags = item.get("RepoTags");
    if (tags != null && tags.isArray()) {
      tags.forEach(t -> names.add(t.asText()));
    }
    return new NamedImage(new Image(OciJson.toRaw(synthesised), config), names);
  }

  /** The blob digest: from a {@code blobs/<alg>/<hex>} path, the DiffID for a plain tar, else computed. */
  private static Digest digestOf(TarIndex tar, TarIndex.Member member, String path, Compression compression,
      Digest diffId) {
    Matcher m = BLOB_PATH.matcher(member.name());
    if (m.matches() && Digest.isValid(m.group(1) + ":" + m.group(2))) {
      return Digest.parse(m.group(1) + ":" + m.group(2));
    }
    if (compression == Compression.NONE) {
      return diffId;
    }
    try (InputStream in = tar.open(member)) {
      DigestingOutputStream digest = new DigestingOutputStream(OutputStream.nullOutputStream());
      in.transferTo(digest);
      return digest.info().digest();
    } catch (IOException e) {
      throw new UncheckedIOException("reading " + path + ": " + e.getMessage(), e);
    }
  }

  private static Compression peekCompression(TarIndex tar, TarIndex.Member member) {
    try (InputStream in = tar.open(member)) {
      byte[] head = in.readNBytes(4);
      return Compression.detect(head, head.length);
    } catch (IOException e) {
      throw new UncheckedIOException("reading " + member.name() + ": " + e.getMessage(), e);
    }
  }

  private static Descriptor foreignDescriptor(JsonNode node, String where) {
    try {
      return OciJson.readDescriptor(OciJson.mapper().writeValueAsBytes(node));
    } catch (IOException | OciFormatException e) {
      throw new OciFormatException(where + ": malformed LayerSources entry: " + e.getMessage());
    }
  }

  private static String text(JsonNode item, String field, String where) {
    JsonNode value = item == null ? null : item.get(field);
    if (value == null || !value.isTextual()) {
      throw new OciFormatException(where + ": " + field + " should be a path string");
    }
    return value.asText();
  }

  private record Archive(TarIndex tar, Map<Digest, TarIndex.Member> blobs, List<NamedImage> images)
      implements ImageArchive {
    @Override
    public boolean has(Digest digest) {
      return blobs.containsKey(digest);
    }

    @Override
    public long size(Digest digest) {
      return member(digest).size();
    }

    @Override
    public InputStream open(Digest digest) {
      TarIndex.Member member = member(digest);
      return new VerifyingInputStream(tar.open(member), digest, member.size(),
          member.name() + " (" + digest + ") in " + tar.file());
    }

    private TarIndex.Member member(Digest digest) {
      TarIndex.Member member = blobs.get(digest);
      if (member == null) {
        throw new BlobNotFoundException(digest, tar.file().toString());
      }
      return member;
    }

    @Override
    public void close() {
      tar.close();
    }
  }
}
