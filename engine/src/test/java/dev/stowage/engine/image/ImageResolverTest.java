package dev.stowage.engine.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stowage.engine.store.LocalImages;
import dev.stowage.oci.Descriptor;
import dev.stowage.oci.Digest;
import dev.stowage.oci.MediaType;
import dev.stowage.oci.Platform;
import dev.stowage.oci.ref.ImageReference;
import dev.stowage.oci.store.Blob;
import dev.stowage.oci.store.BlobInfo;
import dev.stowage.oci.store.BlobStore;
import dev.stowage.oci.store.FileBlobStore;
import dev.stowage.registry.FetchedManifest;
import dev.stowage.registry.PushOutcome;
import dev.stowage.registry.RegistryClient;
import dev.stowage.registry.Repository;
import dev.stowage.registry.ResolvedImage;
import dev.stowage.registry.client.DistributionClient;
import dev.stowage.registry.testing.DockerRegistryServer;
import dev.stowage.registry.testing.TestImage;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Against Debian's docker-registry: where a build's images come from, and what a pull leaves in the store. */
class ImageResolverTest {
  @RegisterExtension static final DockerRegistryServer SERVER = DockerRegistryServer.anonymous();
  private static final Platform AMD64 = Platform.of("linux", "amd64");
  private static final TestImage IMAGE = TestImage.of(7, AMD64, 20_000, MediaType.OCI_MANIFEST);

  @TempDir Path dir;

  @BeforeAll
  static void pushTheImage() {
    DistributionClient client = DistributionClient.builder().build();
    Repository repository = new Repository(SERVER.registry(), "resolver/app");
    client.pushBlob(repository, IMAGE.configDescriptor(), Blob.of(IMAGE.config()), Optional.empty());
    client.pushBlob(repository, IMAGE.layerDescriptor(), Blob.of(IMAGE.layer()), Optional.empty());
    client.pushManifest(ImageReference.parse(SERVER.registry() + "/resolver/app:1"), IMAGE.manifest(),
        IMAGE.manifestType());
  }

  @Test
  void aPulledImageIsKeptUnderItsNameAndTheNextBuildDoesNotAskTheRegistry() throws Exception {
    FileBlobStore store = FileBlobStore.open(dir.resolve("store"));
    LocalImages names = new LocalImages(dir.resolve("images.json"));
    String name = SERVER.registry() + "/resolver/app:1";
    CountingClient registry = new CountingClient(DistributionClient.builder().build());

    SourceImage pulled = new ImageResolver(store, names, Optional.of(registry), AMD64, false).resolve(name);
    assertThat(pulled.resolved().digest()).contains(IMAGE.manifestDigest());
    assertThat(names.resolve(ImageReference.parse(name).toString())).map(Descriptor::digest)
        .contains(IMAGE.manifestDigest());
    assertThat(store.has(IMAGE.configDescriptor().digest())).isTrue();
    assertThat(store.has(IMAGE.layerDescriptor().digest())).isFalse(); // layers come when a step needs them
    int callsForTheFirstBuild = registry.calls.get();
    assertThat(callsForTheFirstBuild).isPositive();

    // The next build: from the store; a missing layer still comes from the registry the name points at.
    ImageResolver next = new ImageResolver(store, names, Optional.of(registry), AMD64, false);
    SourceImage local = next.resolve(name);
    assertThat(registry.calls.get()).isEqualTo(callsForTheFirstBuild);
    assertThat(local.config()).isEqualTo(pulled.config());
    next.fetchLayer(local, local.layers().get(0));
    assertThat(store.has(IMAGE.layerDescriptor().digest())).isTrue();
    assertThat(registry.calls.get()).isEqualTo(callsForTheFirstBuild + 1);

    // --pull asks the registry again.
    new ImageResolver(store, names, Optional.of(registry), AMD64, true).resolve(name);
    assertThat(registry.calls.get()).isGreaterThan(callsForTheFirstBuild + 1);
  }

  @Test
  void anImageNamedByDigestIsNotGivenAName() throws Exception {
    FileBlobStore store = FileBlobStore.open(dir.resolve("store"));
    LocalImages names = new LocalImages(dir.resolve("images.json"));
    String byDigest = SERVER.registry() + "/resolver/app@" + IMAGE.manifestDigest();
    new ImageResolver(store, names, Optional.of(DistributionClient.builder().build()), AMD64, false)
        .resolve(byDigest);
    assertThat(names.list()).isEmpty();
    // ... yet it is found in the store by its digest without a registry.
    SourceImage local = new ImageResolver(store, names, Optional.empty(), AMD64, false).resolve(byDigest);
    assertThat(local.resolved().digest()).contains(IMAGE.manifestDigest());
  }

  @Test
  void withoutTheImageAndWithoutARegistryTheErrorSaysSo() throws Exception {
    FileBlobStore store = FileBlobStore.open(dir.resolve("store"));
    LocalImages names = new LocalImages(dir.resolve("images.json"));
    assertThatThrownBy(() -> new ImageResolver(store, names, Optional.empty(), AMD64, false)
        .resolve(SERVER.registry() + "/resolver/app:1"))
        .isInstanceOf(ImageNotFoundException.class)
        .hasMessageContaining("not in the local store");
  }

  /** Counts the calls that reach the registry. */
  private static final class CountingClient implements RegistryClient {
    private final RegistryClient client;
    final AtomicInteger calls = new AtomicInteger();

    CountingClient(RegistryClient client) {
      this.client = client;
    }

    @Override
    public void ping(String registry) {
      calls.incrementAndGet();
      client.ping(registry);
    }

    @Override
    public FetchedManifest fetchManifest(ImageReference reference) {
      calls.incrementAndGet();
      return client.fetchManifest(reference);
    }

    @Override
    public ResolvedImage resolve(ImageReference reference, Platform platform) {
      calls.incrementAndGet();
      return client.resolve(reference, platform);
    }

    @Override
    public boolean hasBlob(Repository repository, Digest digest) {
      calls.incrementAndGet();
      return client.hasBlob(repository, digest);
    }

    @Override
    public BlobInfo fetchBlob(Repository repository, Descriptor descriptor, BlobStore store) {
      calls.incrementAndGet();
      return client.fetchBlob(repository, descriptor, store);
    }

    @Override
    public PushOutcome pushBlob(Repository repository, Descriptor descriptor, Blob content,
        Optional<Repository> mountFrom) {
      calls.incrementAndGet();
      return client.pushBlob(repository, descriptor, content, mountFrom);
    }

    @Override
    public Digest pushManifest(ImageReference reference, byte[] bytes, MediaType mediaType) {
      calls.incrementAndGet();
      return client.pushManifest(reference, bytes, mediaType);
    }

    @Override
    public List<String> listTags(Repository repository) {
      calls.incrementAndGet();
      return client.listTags(repository);
    }
  }
}
