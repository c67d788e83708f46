package dev.stowage.oci;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class OciJsonTest {
  static byte[] fixture(String name) {
    try (InputStream in = OciJsonTest.class.getResourceAsStream(name)) {
      assertThat(in).as("fixture %s", name).isNotNull();
      return in.readAllBytes();
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  @Test
  void canonicalConfigRoundTripsByteForByte() {
    byte[] bytes = fixture("config-canonical.json");
    Raw<ImageConfig> raw = OciJson.readConfig(bytes);
    assertThat(raw.digest()).isEqualTo(Digest.sha256(bytes));
    assertThat(new String(OciJson.write(raw.value()), StandardCharsets.UTF_8))
        .isEqualTo(new String(bytes, StandardCharsets.UTF_8));
  }

  @Test
  void readsEveryContainerConfigField() {
    ImageConfig config = OciJson.readConfig(fixture("config-canonical.json")).value();
    ContainerConfig c = config.config();
    assertThat(c.user()).isEqualTo("app");
    assertThat(c.exposedPorts()).containsExactly("443/tcp", "80/tcp");
    assertThat(c.env()).contains("GREETING=h\u00e9llo");
    assertThat(c.entrypoint()).containsExactly("/entrypoint.sh");
    assertThat(c.cmd()).containsExactly("sh", "-c", "echo <hi> && true");
    assertThat(c.volumes()).containsExactly("/data");
    assertThat(c.workingDir()).isEqualTo("/app");
    assertThat(c.labels()).containsExactly(Map.entry("a", "1"), Map.entry("b", "two words"));
    assertThat(c.stopSignal()).isEqualTo("SIGINT");
    assertThat(c.argsEscaped()).isTrue();
    assertThat(c.healthcheck()).contains(new Healthcheck(List.of("CMD-SHELL", "true"), Duration.ofSeconds(30),
        Duration.ZERO, Duration.ZERO, Duration.ZERO, 3));
    assertThat(c.onBuild()).containsExactly("RUN true");
    assertThat(c.shell()).containsExactly("/bin/sh", "-c");
    assertThat(config.created()).contains(Instant.parse("2024-01-02T03:04:05.100Z"));
    assertThat(config.history()).hasSize(2);
    assertThat(config.history().get(1).emptyLayer()).isTrue();
    assertThat(config.nonEmptyHistoryCount()).isEqualTo(1);
    assertThat(config.rootfs().diffIds()).hasSize(2);
  }

  @Test
  void readsDockerWrittenConfigTolerantly() {
    ImageConfig config = OciJson.readConfig(fixture("config-docker.json")).value();
    assertThat(config.platform()).isEqualTo(Platform.of("linux", "arm64", "v8"));
    assertThat(config.author()).isEqualTo("someone");
    assertThat(config.created()).contains(Instant.parse("2022-11-29T20:16:36.165868669Z"));
    assertThat(config.config().cmd()).containsExactly("/hello");
    assertThat(config.config().entrypoint()).isEmpty();
    assertThat(config.config().labels()).isEmpty();
    assertThat(config.config().exposedPorts()).containsExactly("80/tcp");
  }

  @Test
  void writesConfigKeysInBuildkitOrderWithoutEmptyFields() {
    ImageConfig config = ImageConfig.scratch(Platform.parse("linux/arm/v7"))
        .withConfig(ContainerConfig.EMPTY.withCmd(List.of("sh")).withEnv(List.of("A=1")))
        .withCreated(Optional.of(Instant.parse("2024-05-06T07:08:09.120Z")))
        .withHistory(List.of(HistoryEntry.of(null, "CMD [\"sh\"]", "", true)));
    assertThat(new String(OciJson.write(config), StandardCharsets.UTF_8)).isEqualTo(
        "{\"architecture\":\"arm\",\"config\":{\"Env\":[\"A=1\"],\"Cmd\":[\"sh\"]},"
            + "\"created\":\"2024-05-06T07:08:09.12Z\","
            + "\"history\":[{\"created_by\":\"CMD [\\\"sh\\\"]\",\"empty_layer\":true}],"
            + "\"os\":\"linux\",\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[]},\"variant\":\"v7\"}");
  }

  @Test
  void keepsTheExactBytesOfAForeignManifest() {
    byte[] bytes = fixture("manifest-docker.json");
    Raw<ImageManifest> raw = OciJson.readManifest(bytes);
    assertThat(raw.bytes()).isEqualTo(bytes);
    assertThat(raw.value().mediaType()).isEqualTo(MediaType.DOCKER_MANIFEST);
    assertThat(raw.value().config().mediaType()).isEqualTo(MediaType.DOCKER_CONFIG);
    assertThat(raw.value().layers()).singleElement()
        .satisfies(l -> assertThat(l.mediaType().layerCompression()).isEqualTo(MediaType.LayerCompression.GZIP));
    assertThat(OciJson.detectMediaType(bytes)).isEqualTo(MediaType.DOCKER_MANIFEST);
  }

  @Test
  void writesManifestAndDescriptorInOciFieldOrder() {
    Digest config = Digest.sha256("config");
    Digest layer = Digest.sha256("layer");
    ImageManifest manifest = ImageManifest.of(MediaType.OCI_MANIFEST, Descriptor.of(MediaType.OCI_CONFIG, config, 6),
        List.of(Descriptor.of(MediaType.OCI_LAYER_GZIP, layer, 5).withAnnotations(Map.of("b", "2", "a", "1"))));
    assertThat(new String(OciJson.write(manifest), StandardCharsets.UTF_8)).isEqualTo(
        "{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\","
            + "\"config\":{\"mediaType\":\"application/vnd.oci.image.config.v1+json\",\"digest\":\"" + config
            + "\",\"size\":6},\"layers\":[{\"mediaType\":\"application/vnd.oci.image.layer.v1.tar+gzip\","
            + "\"digest\":\"" + layer + "\",\"size\":5,\"annotations\":{\"a\":\"1\",\"b\":\"2\"}}]}");
    assertThat(OciJson.readManifest(OciJson.write(manifest)).value()).isEqualTo(manifest);
  }

  @Test
  void readsAnIndexAndRoundTripsIt() {
    Raw<ImageIndex> raw = OciJson.readIndex(fixture("index-oci.json"));
    ImageIndex index = raw.value();
    assertThat(index.manifests()).hasSize(3);
    assertThat(index.manifests().get(1).annotations().keySet()).containsExactly("a", "z");
    assertThat(index.select(Platform.parse("linux/amd64")).orElseThrow().size()).isEqualTo(200);
    assertThat(OciJson.readIndex(OciJson.write(index)).value()).isEqualTo(index);
    assertThat(OciJson.detectMediaType(raw.bytes())).isEqualTo(MediaType.OCI_INDEX);
  }

  @Test
  void readsADockerManifestList() {
    String list = "{\"schemaVersion\":2,\"mediaType\":\"application/vnd.docker.distribution.manifest.list.v2+json\","
        + "\"manifests\":[{\"mediaType\":\"application/vnd.docker.distribution.manifest.v2+json\",\"size\":7,"
        + "\"digest\":\"" + Digest.sha256("x") + "\",\"platform\":{\"architecture\":\"arm\",\"os\":\"linux\","
        + "\"variant\":\"v6\"}}]}";
    ImageIndex index = OciJson.readIndex(list.getBytes(StandardCharsets.UTF_8)).value();
    assertThat(index.mediaType()).isEqualTo(MediaType.DOCKER_MANIFEST_LIST);
    assertThat(index.mediaType().isIndex()).isTrue();
    assertThat(index.select(Platform.parse("linux/arm/v7"))).isPresent();
    assertThat(index.select(Platform.parse("linux/arm/v5"))).isEmpty();
  }

  @Test
  void readsASingleDescriptor() {
    Descriptor d = OciJson.readDescriptor(("{\"mediaType\":\"application/vnd.docker.image.rootfs.foreign.diff.tar.gzip\","
        + "\"size\":3,\"digest\":\"" + Digest.sha256("y") + "\",\"urls\":[\"https://example.com/layer\"]}")
        .getBytes(StandardCharsets.UTF_8));
    assertThat(d.mediaType().isForeignLayer()).isTrue();
    assertThat(d.urls()).containsExactly("https://example.com/layer");
    assertThat(new String(OciJson.write(d), StandardCharsets.UTF_8)).isEqualTo(
        "{\"mediaType\":\"application/vnd.docker.image.rootfs.foreign.diff.tar.gzip\",\"digest\":\""
            + Digest.sha256("y") + "\",\"size\":3,\"urls\":[\"https://example.com/layer\"]}");
  }

  @Test
  void errorsNameTheFieldAndTheProblem() {
    assertThatThrownBy(() -> OciJson.readConfig("{\"config\":{\"Env\":[\"A\",3]}}".getBytes()))
        .isInstanceOf(OciFormatException.class)
        .hasMessage("malformed image config: config.Env[1] should be a string but is a number");
    assertThatThrownBy(() -> OciJson.readManifest("{\"schemaVersion\":2}".getBytes()))
        .hasMessage("malformed image manifest: required field config is missing");
    assertThatThrownBy(() -> OciJson.readManifest(
            ("{\"schemaVersion\":2,\"config\":{\"mediaType\":\"x\",\"size\":1,\"digest\":\"sha256:12\"}}").getBytes()))
        .hasMessageContaining("config.digest: invalid sha256 digest");
    assertThatThrownBy(() -> OciJson.readConfig("{\"os\":\"linux\"".getBytes()))
        .hasMessageStartingWith("malformed image config:");
    assertThatThrownBy(() -> OciJson.readConfig("[]".getBytes()))
        .hasMessage("malformed image config: the document should be an object but is an array");
    assertThatThrownBy(() -> OciJson.readManifest(fixture("index-oci.json")))
        .hasMessageContaining("expected an image manifest but found an index");
  }

  @Test
  void goStyleEscapingAndTimes() {
    ImageConfig config = ImageConfig.scratch(Platform.parse("linux/amd64"))
        .withConfig(ContainerConfig.EMPTY.withLabels(Map.of("k", "<&>\u2028\u0001\n"))
            .withExposedPorts(Set.of("80/tcp")));
    String json = new String(OciJson.write(config), StandardCharsets.UTF_8);
    assertThat(json).contains("\"k\":\"\\u003c\\u0026\\u003e\\u2028\\u0001\\n\"");
    assertThat(JsonOut.goTime(Instant.parse("2024-01-01T00:00:00Z"))).isEqualTo("2024-01-01T00:00:00Z");
    assertThat(JsonOut.goTime(Instant.parse("2024-01-01T00:00:00.000001Z"))).isEqualTo("2024-01-01T00:00:00.000001Z");
    assertThat(JsonOut.goTime(Instant.parse("0001-01-01T00:00:00Z"))).isEqualTo("0001-01-01T00:00:00Z");
  }
}
