package dev.stowage.oci;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Reads and writes the image JSON documents. Reading is tolerant (unknown fields ignored, {@code null} as absent,
 * errors name the offending field); writing is canonical: a fixed field order, the exact key names docker and
 * BuildKit write, no nulls, empty values omitted where Go omits them, Go's string escaping.
 *
 * <p>Field order follows the Go structs of the OCI image spec ({@code specs-go/v1}) and docker; the image config's
 * top-level keys are sorted, as BuildKit writes them.
 */
public final class OciJson {
  private static final ObjectMapper MAPPER =
      JsonMapper.builder()
          .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
          .disable(JsonReadFeature.ALLOW_TRAILING_COMMA)
          .build();

  private OciJson() {}

  /** A Jackson mapper for other small JSON documents: lenient about unknown fields, strict about duplicates. */
  public static ObjectMapper mapper() {
    return MAPPER.copy();
  }

  // ---- reading -------------------------------------------------------------------------------------------------

  public static Raw<ImageManifest> readManifest(byte[] bytes) {
    return Raw.of(manifest(JsonIn.root(tree(bytes, "image manifest"), "image manifest")), bytes);
  }

  public static Raw<ImageIndex> readIndex(byte[] bytes) {
    return Raw.of(index(JsonIn.root(tree(bytes, "image index"), "image index")), bytes);
  }

  /** A single descriptor, e.g. an entry of docker-archive's {@code LayerSources}. */
  public static Descriptor readDescriptor(byte[] bytes) {
    return descriptor(JsonIn.root(tree(bytes, "descriptor"), "descriptor"));
  }

  public static Raw<ImageConfig> readConfig(byte[] bytes) {
    return Raw.of(config(JsonIn.root(tree(bytes, "image config"), "image config")), bytes);
  }

  /**
   * The media type of a manifest or index document: its {@code mediaType} field, or its shape when the field is
   * absent (OCI allows that): {@code manifests} means an OCI index, {@code config} an OCI manifest.
   */
  public static MediaType detectMediaType(byte[] bytes) {
    JsonIn in = JsonIn.root(tree(bytes, "manifest"), "manifest");
    Optional<String> declared = in.optionalString("mediaType");
    if (declared.isPresent()) {
      return MediaType.of(declared.get());
    }
    if (in.has("manifests")) {
      return MediaType.OCI_INDEX;
    }
    if (in.has("config")) {
      return MediaType.OCI_MANIFEST;
    }
    throw new OciFormatException("malformed manifest: it has no mediaType, manifests or config field");
  }

  static JsonNode tree(byte[] bytes, String what) {
    try (JsonParser parser = MAPPER.createParser(bytes)) {
      JsonNode node = MAPPER.readTree(parser);
      if (node == null) {
        throw new OciFormatException("malformed " + what + ": the document is empty");
      }
      if (parser.nextToken() != null) {
        throw new OciFormatException("malformed " + what + ": unexpected content after the JSON document");
      }
      return node;
    } catch (IOException e) {
      throw new OciFormatException("malformed " + what + ": " + firstLine(e.getMessage()), e);
    }
  }

  private static String firstLine(String message) {
    if (message == null) {
      return "not valid JSON";
    }
    int newline = message.indexOf('\n');
    return newline < 0 ? message : message.substring(0, newline);
  }

  static Descriptor descriptor(JsonIn in) {
    return new Descriptor(
        MediaType.of(in.requiredString("mediaType")),
        in.digest("digest"),
        size(in),
        in.strings("urls"),
        in.stringMap("annotations"),
        in.object("platform").map(OciJson::platform),
        in.optionalString("artifactType"));
  }

  private static long size(JsonIn in) {
    long size = in.requiredNumber("size");
    if (size < 0) {
      throw in.invalid("size", "is negative (" + size + ")");
    }
    return size;
  }

  static Platform platform(JsonIn in) {
    return new Platform(
        in.requiredString("os"),
        in.requiredString("architecture"),
        in.optionalString("variant"),
        in.optionalString("os.version"),
        in.strings("os.features"));
  }

  static ImageManifest manifest(JsonIn in) {
    Optional<MediaType> declared = in.optionalString("mediaType").map(MediaType::of);
    if (declared.map(MediaType::isIndex).orElse(in.has("manifests"))) {
      throw new OciFormatException("expected an image manifest but found an index ("
          + declared.orElse(MediaType.OCI_INDEX) + "); select a platform's manifest from it first");
    }
    Descriptor config = descriptor(in.requiredObject("config"));
    MediaType mediaType =
        declared.orElse(config.mediaType().isDocker() ? MediaType.DOCKER_MANIFEST : MediaType.OCI_MANIFEST);
    return new ImageManifest(
        schemaVersion(in),
        mediaType,
        in.optionalString("artifactType"),
        config,
        in.objects("layers", OciJson::descriptor),
        in.object("subject").map(OciJson::descriptor),
        in.stringMap("annotations"));
  }

  static ImageIndex index(JsonIn in) {
    MediaType mediaType = in.optionalString("mediaType").map(MediaType::of).orElse(MediaType.OCI_INDEX);
    if (mediaType.isManifest()) {
      throw new OciFormatException("expected an image index but found an image manifest (" + mediaType + ")");
    }
    return new ImageIndex(
        schemaVersion(in),
        mediaType,
        in.optionalString("artifactType"),
        in.objects("manifests", OciJson::descriptor),
        in.object("subject").map(OciJson::descriptor),
        in.stringMap("annotations"));
  }

  private static int schemaVersion(JsonIn in) {
    long version = in.requiredNumber("schemaVersion");
    if (version != 2) {
      throw in.invalid("schemaVersion", "is " + version + "; only schema version 2 is supported");
    }
    return 2;
  }

  static ImageConfig config(JsonIn in) {
    return new ImageConfig(
        in.string("architecture", ""),
        in.string("os", ""),
        in.optionalString("variant"),
        in.optionalString("os.version"),
        in.strings("os.features"),
        in.time("created"),
        in.string("author", ""),
        in.object("config").map(OciJson::containerConfig).orElse(ContainerConfig.EMPTY),
        in.object("rootfs").map(r -> new RootFs(r.string("type", RootFs.LAYERS), r.digests("diff_ids")))
            .orElse(RootFs.of(List.of())),
        in.objects("history", OciJson::history));
  }

  static ContainerConfig containerConfig(JsonIn in) {
    return new ContainerConfig(
        in.string("User", ""),
        in.keySet("ExposedPorts"),
        in.strings("Env"),
        in.strings("Entrypoint"),
        in.strings("Cmd"),
        in.keySet("Volumes"),
        in.string("WorkingDir", ""),
        in.stringMap("Labels"),
        in.string("StopSignal", ""),
        in.bool("ArgsEscaped"),
        in.object("Healthcheck").map(OciJson::healthcheck),
        in.strings("OnBuild"),
        in.strings("Shell"));
  }

  static Healthcheck healthcheck(JsonIn in) {
    return new Healthcheck(
        in.strings("Test"),
        Duration.ofNanos(in.number("Interval", 0)),
        Duration.ofNanos(in.number("Timeout", 0)),
        Duration.ofNanos(in.number("StartPeriod", 0)),
        Duration.ofNanos(in.number("StartInterval", 0)),
        (int) in.number("Retries", 0));
  }

  static HistoryEntry history(JsonIn in) {
    return new HistoryEntry(
        in.time("created"),
        in.string("created_by", ""),
        in.string("author", ""),
        in.string("comment", ""),
        in.bool("empty_layer"));
  }

  // ---- writing -------------------------------------------------------------------------------------------------

  public static byte[] write(ImageManifest manifest) {
    return JsonOut.write(out -> writeManifest(out, manifest));
  }

  public static byte[] write(ImageIndex index) {
    return JsonOut.write(out -> writeIndex(out, index));
  }

  public static byte[] write(ImageConfig config) {
    return JsonOut.write(out -> writeConfig(out, config));
  }

  public static byte[] write(Descriptor descriptor) {
    return JsonOut.write(out -> writeDescriptor(out, descriptor));
  }

  /** The canonical bytes of {@code manifest} with their digest. */
  public static Raw<ImageManifest> toRaw(ImageManifest manifest) {
    return Raw.of(manifest, write(manifest));
  }

  public static Raw<ImageIndex> toRaw(ImageIndex index) {
    return Raw.of(index, write(index));
  }

  public static Raw<ImageConfig> toRaw(ImageConfig config) {
    return Raw.of(config, write(config));
  }

  static void writeDescriptor(JsonOut out, Descriptor d) {
    out.startObject()
        .string("mediaType", d.mediaType().value())
        .string("digest", d.digest().toString())
        .number("size", d.size())
        .stringsIfNotEmpty("urls", d.urls())
        .mapIfNotEmpty("annotations", d.annotations());
    d.platform().ifPresent(p -> writePlatform(out.name("platform"), p));
    d.artifactType().ifPresent(t -> out.string("artifactType", t));
    out.endObject();
  }

  static void writePlatform(JsonOut out, Platform p) {
    out.startObject().string("architecture", p.architecture()).string("os", p.os());
    p.osVersion().ifPresent(v -> out.string("os.version", v));
    out.stringsIfNotEmpty("os.features", p.osFeatures());
    p.variant().ifPresent(v -> out.string("variant", v));
    out.endObject();
  }

  static void writeManifest(JsonOut out, ImageManifest m) {
    out.startObject().number("schemaVersion", m.schemaVersion()).string("mediaType", m.mediaType().value());
    m.artifactType().ifPresent(t -> out.string("artifactType", t));
    writeDescriptor(out.name("config"), m.config());
    out.name("layers").startArray();
    m.layers().forEach(l -> writeDescriptor(out, l));
    out.endArray();
    m.subject().ifPresent(s -> writeDescriptor(out.name("subject"), s));
    out.mapIfNotEmpty("annotations", m.annotations()).endObject();
  }

  static void writeIndex(JsonOut out, ImageIndex index) {
    out.startObject().number("schemaVersion", index.schemaVersion()).string("mediaType", index.mediaType().value());
    index.artifactType().ifPresent(t -> out.string("artifactType", t));
    out.name("manifests").startArray();
    index.manifests().forEach(d -> writeDescriptor(out, d));
    out.endArray();
    index.subject().ifPresent(s -> writeDescriptor(out.name("subject"), s));
    out.mapIfNotEmpty("annotations", index.annotations()).endObject();
  }

  /** Top-level keys sorted (BuildKit re-marshals the config through a Go map), nested objects in struct order. */
  static void writeConfig(JsonOut out, ImageConfig c) {
    out.startObject().string("architecture", c.architecture()).stringIfNotEmpty("author", c.author());
    writeContainerConfig(out.name("config"), c.config());
    c.created().ifPresent(t -> out.time("created", t));
    if (!c.history().isEmpty()) {
      out.name("history").startArray();
      c.history().forEach(h -> writeHistory(out, h));
      out.endArray();
    }
    out.string("os", c.os()).stringsIfNotEmpty("os.features", c.osFeatures());
    c.osVersion().ifPresent(v -> out.string("os.version", v));
    out.name("rootfs").startObject().string("type", c.rootfs().type()).name("diff_ids").startArray();
    c.rootfs().diffIds().forEach(d -> out.value(d.toString()));
    out.endArray().endObject();
    c.variant().ifPresent(v -> out.string("variant", v));
    out.endObject();
  }

  /** The order of docker's {@code DockerOCIImageConfig}: the OCI ImageConfig fields, then docker's extensions. */
  static void writeContainerConfig(JsonOut out, ContainerConfig c) {
    out.startObject()
        .stringIfNotEmpty("User", c.user())
        .setIfNotEmpty("ExposedPorts", c.exposedPorts())
        .stringsIfNotEmpty("Env", c.env())
        .stringsIfNotEmpty("Entrypoint", c.entrypoint())
        .stringsIfNotEmpty("Cmd", c.cmd())
        .setIfNotEmpty("Volumes", c.volumes())
        .stringIfNotEmpty("WorkingDir", c.workingDir())
        .mapIfNotEmpty("Labels", c.labels())
        .stringIfNotEmpty("StopSignal", c.stopSignal())
        .trueIfSet("ArgsEscaped", c.argsEscaped());
    c.healthcheck().ifPresent(h -> writeHealthcheck(out.name("Healthcheck"), h));
    out.stringsIfNotEmpty("OnBuild", c.onBuild()).stringsIfNotEmpty("Shell", c.shell()).endObject();
  }

  static void writeHealthcheck(JsonOut out, Healthcheck h) {
    out.startObject()
        .stringsIfNotEmpty("Test", h.test())
        .numberIfNotZero("Interval", h.interval().toNanos())
        .numberIfNotZero("Timeout", h.timeout().toNanos())
        .numberIfNotZero("StartPeriod", h.startPeriod().toNanos())
        .numberIfNotZero("StartInterval", h.startInterval().toNanos())
        .numberIfNotZero("Retries", h.retries())
        .endObject();
  }

  static void writeHistory(JsonOut out, HistoryEntry h) {
    out.startObject();
    h.created().ifPresent(t -> out.time("created", t));
    out.stringIfNotEmpty("created_by", h.createdBy())
        .stringIfNotEmpty("author", h.author())
        .stringIfNotEmpty("comment", h.comment())
        .trueIfSet("empty_layer", h.emptyLayer())
        .endObject();
  }
}
