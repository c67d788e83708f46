package dev.stowage.oci.validate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stowage.oci.Descriptor;
import dev.stowage.oci.Digest;
import dev.stowage.oci.HistoryEntry;
import dev.stowage.oci.ImageConfig;
import dev.stowage.oci.ImageManifest;
import dev.stowage.oci.MediaType;
import dev.stowage.oci.OciException;
import dev.stowage.oci.OciJson;
import dev.stowage.oci.Raw;
import dev.stowage.oci.RootFs;
import dev.stowage.oci.archive.Compression;
import dev.stowage.oci.archive.LayerOptions;
import dev.stowage.oci.image.Image;
import dev.stowage.oci.image.TestImages;
import dev.stowage.oci.store.FileBlobStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageValidatorTest {
  @TempDir Path dir;

  @Test
  void aWellFormedImageHasNoViolations() {
    FileBlobStore store = FileBlobStore.open(dir);
    assertThat(ImageValidator.validate(TestImages.build(store, 3, "ok"), store)).isEmpty();
    Image docker = TestImages.build(store, 1, "docker", LayerOptions.defaults(), MediaType.DOCKER_MANIFEST);
    assertThat(ImageValidator.validate(docker, store)).isEmpty();
    Image zstd = TestImages.build(store, 2, "zstd", LayerOptions.defaults().withCompression(Compression.ZSTD),
        MediaType.OCI_MANIFEST);
    assertThat(ImageValidator.validate(zstd, store)).isEmpty();
  }

  @Test
  void reportsADiffIdThatDoesNotMatch() {
    FileBlobStore store = FileBlobStore.open(dir);
    Image image = TestImages.build(store, 2, "diff");
    List<Digest> diffIds = new ArrayList<>(image.diffIds());
    diffIds.set(1, Digest.sha256("not the layer"));
    Image broken = withConfig(store, image, image.config().value().withRootfs(RootFs.of(diffIds)));
    assertThat(ImageValidator.validate(broken, store)).singleElement()
        .satisfies(v -> assertThat(v.toString()).startsWith("layer 1 (").contains("the config's DiffID is "
            + Digest.sha256("not the layer")));
  }

  @Test
  void reportsCorruptMissingAndWronglySizedBlobs() throws IOException {
    FileBlobStore store = FileBlobStore.open(dir);
    Image image = TestImages.build(store, 3, "corrupt");
    Digest corrupt = image.layers().get(0).digest();
    byte[] bytes = Files.readAllBytes(store.path(corrupt));
    bytes[bytes.length / 2] ^= 1;
    Files.write(store.path(corrupt), bytes);
    store.delete(image.layers().get(1).digest());
    Descriptor third = image.layers().get(2);
    Image wrongSize = withManifest(store, image, image.manifest().value().withLayers(List.of(
        image.layers().get(0), image.layers().get(1),
        new Descriptor(third.mediaType(), third.digest(), third.size() + 1, third.urls(), third.annotations(),
            third.platform(), third.artifactType()))));
    List<Violation> violations = ImageValidator.validate(wrongSize, store);
    assertThat(violations).extracting(Violation::toString).satisfiesExactly(
        v -> assertThat(v).contains("layer 0").containsAnyOf("corrupt", "decompresses", "failed"),
        v -> assertThat(v).contains("layer 1").contains("the blob is missing"),
        v -> assertThat(v).contains("layer 2").contains("but the manifest says " + (third.size() + 1)));
  }

  @Test
  void reportsInconsistentMediaTypesAndCounts() {
    FileBlobStore store = FileBlobStore.open(dir);
    Image original = TestImages.build(store, 2, "types");
    ImageConfig config = original.config().value().withHistory(List.of(HistoryEntry.of(null, "one", "", false)));
    Image image = withConfig(store, original, config);
    List<Descriptor> layers = new ArrayList<>(image.layers());
    layers.set(0, layers.get(0).withMediaType(MediaType.OCI_LAYER)); // says plain, is gzip
    ImageManifest manifest = image.manifest().value().withLayers(layers);
    manifest = new ImageManifest(2, MediaType.DOCKER_MANIFEST, manifest.artifactType(), manifest.config(),
        manifest.layers(), manifest.subject(), manifest.annotations());
    Image broken = withManifest(store, image, manifest);
    assertThat(ImageValidator.validate(broken, store)).extracting(Violation::toString).contains(
        "config: media type application/vnd.oci.image.config.v1+json does not belong with a "
            + "application/vnd.docker.distribution.manifest.v2+json manifest",
        "layer 0: OCI media type application/vnd.oci.image.layer.v1.tar in a Docker schema 2 manifest",
        "config: history has 1 entries that are not empty_layer, for 2 layers");
    assertThat(ImageValidator.validate(broken, store)).anySatisfy(v ->
        assertThat(v.problem()).isEqualTo("its media type says none but the content is gzip"));
    assertThatThrownBy(() -> ImageValidator.requireValid(broken, store))
        .isInstanceOf(OciException.class)
        .hasMessageContaining("is invalid:\n  ");
  }

  static Image withConfig(FileBlobStore store, Image image, ImageConfig config) {
    Raw<ImageConfig> raw = OciJson.toRaw(config);
    store.put(raw.bytes());
    ImageManifest manifest = image.manifest().value().withConfig(raw.descriptor(image.manifest().value().config()
        .mediaType()));
    return new Image(OciJson.toRaw(manifest), raw);
  }

  static Image withManifest(FileBlobStore store, Image image, ImageManifest manifest) {
    Raw<ImageManifest> raw = OciJson.toRaw(manifest);
    store.put(raw.bytes());
    return new Image(raw, image.config());
  }
}
