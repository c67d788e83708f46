package dev.stowage.registry.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stowage.oci.Descriptor;
import dev.stowage.oci.MediaType;
import dev.stowage.oci.Platform;
import dev.stowage.oci.ref.ImageReference;
import dev.stowage.oci.store.Blob;
import dev.stowage.oci.store.FileBlobStore;
import dev.stowage.registry.FetchedManifest;
import dev.stowage.registry.PushOutcome;
import dev.stowage.registry.RegistryException;
import dev.stowage.registry.Repository;
import dev.stowage.registry.ResolvedImage;
import dev.stowage.registry.testing.DockerRegistryServer;
import dev.stowage.registry.testing.TestImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Interoperability with a real registry server: Debian's docker-registry (distribution 2.8) on 127.0.0.1. */
class DockerRegistryInteropTest {
  @RegisterExtension static final DockerRegistryServer SERVER = DockerRegistryServer.anonymous();

  private static final Platform AMD64 = Platform.of("linux", "amd64");
  private static final Platform ARM64 = Platform.of("linux", "arm64", "v8");

  @TempDir Path temp;

  private final DistributionClient client = DistributionClient.builder().build();

  private static Repository repo(String name) {
    return new Repository(SERVER.registry(), name);
  }

  private static ImageReference ref(String text) {
    return ImageReference.parse(SERVER.registry() + "/" + text);
  }

  private void push(DistributionClient c, String repository, String tag, TestImage image) {
    c.pushBlob(repo(repository), image.configDescriptor(), Blob.of(image.config()), Optional.empty());
    c.pushBlob(repo(repository), image.layerDescriptor(), Blob.of(image.layer()), Optional.empty());
    c.pushManifest(tag == null ? ref(repository + "@" + image.manifestDigest()) : ref(repository + ":" + tag),
        image.manifest(), image.manifestType());
  }

  @Test
  void pushesASmallImageAndPullsItBack() throws IOException {
    TestImage image = TestImage.of(100, AMD64, 10_000, MediaType.OCI_MANIFEST);
    client.ping(SERVER.registry());

    push(client, "interop/small", "1", image);

    ResolvedImage resolved = client.resolve(ref("interop/small:1"), AMD64);
    assertThat(resolved.manifest().digest()).isEqualTo(image.manifestDigest());
    assertThat(resolved.manifestMediaType()).isEqualTo(MediaType.OCI_MANIFEST);
    FileBlobStore store = FileBlobStore.open(temp.resolve("store"));
    for (Descriptor d : List.of(resolved.manifest().value().config(), resolved.manifest().value().layers().get(0))) {
      client.fetchBlob(repo("interop/small"), d, store);
    }
    assertThat(Files.readAllBytes(store.path(image.layerDescriptor().digest()))).isEqualTo(image.layer());
    assertThat(Files.readAllBytes(store.path(image.configDescriptor().digest()))).isEqualTo(image.config());
    assertThat(client.hasBlob(repo("interop/small"), image.layerDescriptor().digest())).isTrue();
    assertThat(client.listTags(repo("interop/small"))).containsExactly("1");
    assertThat(client.pushBlob(repo("interop/small"), image.layerDescriptor(), Blob.of(image.layer()), Optional.empty()))
        .isEqualTo(PushOutcome.EXISTED);
  }

  @Test
  void resolvesAManifestListAndAnOciIndexToThePlatformsEntry() {
    TestImage amd = TestImage.of(101, AMD64, 2000, MediaType.DOCKER_MANIFEST);
    TestImage arm = TestImage.of(102, ARM64, 2000, MediaType.DOCKER_MANIFEST);
    push(client, "interop/multi", null, amd);
    push(client, "interop/multi", null, arm);
    client.pushManifest(ref("interop/multi:list"),
        TestImage.index(MediaType.DOCKER_MANIFEST_LIST, List.of(amd, arm)), MediaType.DOCKER_MANIFEST_LIST);
    TestImage ociAmd = TestImage.of(103, AMD64, 2000, MediaType.OCI_MANIFEST);
    TestImage ociArm = TestImage.of(104, ARM64, 2000, MediaType.OCI_MANIFEST);
    push(client, "interop/multi", null, ociAmd);
    push(client, "interop/multi", null, ociArm);
    client.pushManifest(ref("interop/multi:index"),
        TestImage.index(MediaType.OCI_INDEX, List.of(ociAmd, ociArm)), MediaType.OCI_INDEX);

    ResolvedImage fromList = client.resolve(ref("interop/multi:list"), ARM64);
    ResolvedImage fromIndex = client.resolve(ref("interop/multi:index"), AMD64);

    assertThat(fromList.manifest().digest()).isEqualTo(arm.manifestDigest());
    assertThat(fromList.manifestMediaType()).isEqualTo(MediaType.DOCKER_MANIFEST);
    assertThat(fromList.index()).isPresent();
    assertThat(fromIndex.manifest().digest()).isEqualTo(ociAmd.manifestDigest());
    FetchedManifest index = client.fetchManifest(ref("interop/multi:index"));
    assertThat(index.mediaType()).isEqualTo(MediaType.OCI_INDEX);
    assertThat(fromIndex.index().orElseThrow().digest()).isEqualTo(index.digest());
  }

  @Test
  void mountsABlobAcrossRepositories() {
    TestImage image = TestImage.of(105, AMD64, 3000, MediaType.OCI_MANIFEST);
    push(client, "interop/base", "1", image);

    PushOutcome outcome = client.pushBlob(repo("interop/app"), image.layerDescriptor(), Blob.of(image.layer()),
        Optional.of(repo("interop/base")));

    assertThat(outcome).isEqualTo(PushOutcome.MOUNTED);
    assertThat(client.hasBlob(repo("interop/app"), image.layerDescriptor().digest())).isTrue();
  }

  @Test
  void uploadsInChunks() throws IOException {
    TestImage image = TestImage.of(106, AMD64, 5000, MediaType.OCI_MANIFEST);
    DistributionClient chunked = DistributionClient.builder().chunkSize(1024).build();

    PushOutcome outcome = chunked.pushBlob(repo("interop/chunked"), image.layerDescriptor(),
        Blob.ofStream(new ByteArrayInputStream(image.layer())), Optional.empty());

    assertThat(outcome).isEqualTo(PushOutcome.UPLOADED);
    FileBlobStore store = FileBlobStore.open(temp.resolve("store"));
    chunked.fetchBlob(repo("interop/chunked"), image.layerDescriptor(), store);
    assertThat(Files.readAllBytes(store.path(image.layerDescriptor().digest()))).isEqualTo(image.layer());
  }

  @Test
  void aMissingManifestIsNotFoundWithTheRegistrysCode() {
    assertThatThrownBy(() -> client.resolve(ref("interop/none:1"), AMD64))
        .isInstanceOfSatisfying(RegistryException.NotFound.class, e -> {
          assertThat(e.getMessage()).startsWith("pulling manifest " + SERVER.registry() + "/interop/none:1: not found");
          assertThat(e.errors()).extracting(err -> err.code()).containsAnyOf("NAME_UNKNOWN", "MANIFEST_UNKNOWN");
        });
  }

  @Test
  void aManifestReferringToMissingBlobsIsRejected() {
    TestImage image = TestImage.of(107, AMD64, 100, MediaType.OCI_MANIFEST);

    assertThatThrownBy(() -> client.pushManifest(ref("interop/broken:1"), image.manifest(), MediaType.OCI_MANIFEST))
        .isInstanceOfSatisfying(RegistryException.Rejected.class, e -> {
          assertThat(e.getMessage()).startsWith("pushing manifest " + SERVER.registry() + "/interop/broken:1:");
          assertThat(e.errors()).extracting(err -> err.code()).contains("MANIFEST_BLOB_UNKNOWN");
        });
  }
}
