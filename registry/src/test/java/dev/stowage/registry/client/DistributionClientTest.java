package dev.stowage.registry.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stowage.oci.Descriptor;
import dev.stowage.oci.Digest;
import dev.stowage.oci.MediaType;
import dev.stowage.oci.Platform;
import dev.stowage.oci.ref.ImageReference;
import dev.stowage.oci.store.Blob;
import dev.stowage.oci.store.FileBlobStore;
import dev.stowage.registry.PushOutcome;
import dev.stowage.registry.RegistryException;
import dev.stowage.registry.Repository;
import dev.stowage.registry.ResolvedImage;
import dev.stowage.registry.auth.Credential;
import dev.stowage.registry.auth.CredentialSource;
import dev.stowage.registry.testing.InProcessRegistry;
import dev.stowage.registry.testing.InProcessRegistry.Fault;
import dev.stowage.registry.testing.InProcessRegistry.FaultKind;
import dev.stowage.registry.testing.InProcessRegistry.Recorded;
import dev.stowage.registry.testing.TestImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The client against the in-process registry: the protocol, auth, retries, redirects and corrupt content. */
class DistributionClientTest {
  private static final Platform AMD64 = Platform.of("linux", "amd64");
  private static final Platform ARM64 = Platform.of("linux", "arm64", "v8");

  @TempDir Path temp;
  private InProcessRegistry registry;
  private final List<Duration> sleeps = new CopyOnWriteArrayList<>();
  private FileBlobStore store;

  @BeforeEach
  void start() throws IOException {
    registry = InProcessRegistry.start();
    store = FileBlobStore.open(temp.resolve("store"));
  }

  @AfterEach
  void stop() {
    registry.close();
  }

  private DistributionClient client() {
    return client(CredentialSource.anonymous(), 64L * 1024 * 1024);
  }

  private DistributionClient client(CredentialSource credentials, long chunkSize) {
    return DistributionClient.builder().credentials(credentials).sleeper(sleeps::add).chunkSize(chunkSize).build();
  }

  private CredentialSource login(String user, String password) {
    return CredentialSource.of(Map.of(registry.registry(), Credential.of(user, password)));
  }

  private ImageReference ref(String repositoryAndTag) {
    return ImageReference.parse(registry.registry() + "/" + repositoryAndTag);
  }

  private Repository repo(String name) {
    return new Repository(registry.registry(), name);
  }

  private static void push(DistributionClient client, Repository repository, ImageReference ref, TestImage image) {
    client.pushBlob(repository, image.configDescriptor(), Blob.of(image.config()), Optional.empty());
    client.pushBlob(repository, image.layerDescriptor(), Blob.of(image.layer()), Optional.empty());
    client.pushManifest(ref, image.manifest(), image.manifestType());
  }

  // ---- the protocol --------------------------------------------------------------------------------------------

  @Test
  void pushesAnImageAndPullsItBack() throws IOException {
    TestImage image = TestImage.linuxAmd64(1);
    DistributionClient client = client();

    assertThat(client.pushBlob(repo("app"), image.layerDescriptor(), Blob.of(image.layer()), Optional.empty()))
        .isEqualTo(PushOutcome.UPLOADED);
    client.pushBlob(repo("app"), image.configDescriptor(), Blob.of(image.config()), Optional.empty());
    Digest pushed = client.pushManifest(ref("app:1"), image.manifest(), MediaType.OCI_MANIFEST);

    assertThat(pushed).isEqualTo(image.manifestDigest());
    assertThat(registry.manifest("app", "1")).hasValue(image.manifest());
    ResolvedImage resolved = client.resolve(ref("app:1"), AMD64);
    assertThat(resolved.manifest().digest()).isEqualTo(image.manifestDigest());
    assertThat(resolved.manifest().bytes()).isEqualTo(image.manifest());
    assertThat(resolved.index()).isEmpty();
    assertThat(resolved.manifestMediaType()).isEqualTo(MediaType.OCI_MANIFEST);
    assertThat(resolved.pinned().digest()).hasValue(image.manifestDigest());
    for (Descriptor d : List.of(resolved.manifest().value().config(), resolved.manifest().value().layers().get(0))) {
      client.fetchBlob(repo("app"), d, store);
    }
    assertThat(Files.readAllBytes(store.path(image.layerDescriptor().digest()))).isEqualTo(image.layer());
    assertThat(Files.readAllBytes(store.path(image.configDescriptor().digest()))).isEqualTo(image.config());
  }

  @Test
  void manifestRequestsAcceptOciAndDockerManifestsAndIndexes() {
    TestImage.linuxAmd64(2).putInto(registry, "app", "1");

    client().fetchManifest(ref("app:1"));

    assertThat(registry.requests().get(0).accept()).hasValue(
        "application/vnd.oci.image.index.v1+json, application/vnd.docker.distribution.manifest.list.v2+json,"
            + " application/vnd.oci.image.manifest.v1+json, application/vnd.docker.distribution.manifest.v2+json");
  }

  @Test
  void aBlobTheRepositoryHasIsNotUploadedAgain() {
    TestImage image = TestImage.linuxAmd64(3);
    DistributionClient client = client();
    client.pushBlob(repo("app"), image.layerDescriptor(), Blob.of(image.layer()), Optional.empty());
    registry.clearRequests();

    PushOutcome second = client.pushBlob(repo("app"), image.layerDescriptor(), Blob.of(image.layer()), Optional.empty());

    assertThat(second).isEqualTo(PushOutcome.EXISTED);
    assertThat(registry.requests()).extracting(Recorded::method).containsExactly("HEAD");
    assertThat(client.hasBlob(repo("app"), image.layerDescriptor().digest())).isTrue();
    assertThat(client.hasBlob(repo("other"), image.layerDescriptor().digest())).isFalse();
  }

  @Test
  void resolvesTheEntryOfAnIndexThatMatchesThePlatform() {
    TestImage amd = TestImage.linuxAmd64(4);
    TestImage arm = TestImage.of(5, ARM64, 1024, MediaType.OCI_MANIFEST);
    amd.putInto(registry, "multi", null);
    arm.putInto(registry, "multi", null);
    byte[] index = TestImage.index(MediaType.OCI_INDEX, List.of(amd, arm));
    Digest indexDigest = registry.putManifest("multi", "1", MediaType.OCI_INDEX.value(), index);

    ResolvedImage resolved = client().resolve(ref("multi:1"), ARM64);

    assertThat(resolved.manifest().digest()).isEqualTo(arm.manifestDigest());
    assertThat(resolved.index()).hasValueSatisfying(i -> assertThat(i.digest()).isEqualTo(indexDigest));
    assertThat(resolved.pinned().digest()).hasValue(indexDigest);
    assertThat(resolved.manifest().value().config().digest()).isEqualTo(arm.configDescriptor().digest());
  }

  @Test
  void resolvesADockerManifestList() {
    TestImage amd = TestImage.of(6, AMD64, 512, MediaType.DOCKER_MANIFEST);
    TestImage arm = TestImage.of(7, ARM64, 512, MediaType.DOCKER_MANIFEST);
    amd.putInto(registry, "list", null);
    arm.putInto(registry, "list", null);
    registry.putManifest("list", "1", MediaType.DOCKER_MANIFEST_LIST.value(),
        TestImage.index(MediaType.DOCKER_MANIFEST_LIST, List.of(arm, amd)));

    ResolvedImage resolved = client().resolve(ref("list:1"), AMD64);

    assertThat(resolved.manifest().digest()).isEqualTo(amd.manifestDigest());
    assertThat(resolved.manifestMediaType()).isEqualTo(MediaType.DOCKER_MANIFEST);
  }

  @Test
  void aPlatformMissingFromTheIndexIsNotFoundAndTheMessageListsThoseItHas() {
    TestImage amd = TestImage.linuxAmd64(8);
    amd.putInto(registry, "multi", null);
    registry.putManifest("multi", "1", MediaType.OCI_INDEX.value(), TestImage.index(MediaType.OCI_INDEX, List.of(amd)));

    assertThatThrownBy(() -> client().resolve(ref("multi:1"), Platform.of("linux", "s390x")))
        .isInstanceOf(RegistryException.NotFound.class)
        .hasMessageContaining("no manifest for linux/s390x")
        .hasMessageContaining("it has: linux/amd64");
  }

  @Test
  void aMissingManifestIsNotFoundWithTheRegistrysDiagnosticInOneLine() {
    assertThatThrownBy(() -> client().fetchManifest(ref("app:missing")))
        .isInstanceOfSatisfying(RegistryException.NotFound.class, e -> {
          assertThat(e.getMessage()).startsWith("pulling manifest " + registry.registry() + "/app:missing: not found")
              .contains("MANIFEST_UNKNOWN")
              .contains("GET http://" + registry.registry() + "/v2/app/manifests/missing -> 404")
              .doesNotContain("\n");
          assertThat(e.statusCode()).isEqualTo(404);
          assertThat(e.isTemporary()).isFalse();
          assertThat(e.errors()).extracting(err -> err.code()).containsExactly("MANIFEST_UNKNOWN");
        });
  }

  @Test
  void aManifestWhoseBytesDoNotMatchTheRequestedDigestIsRefused() {
    TestImage good = TestImage.linuxAmd64(9);
    TestImage other = TestImage.linuxAmd64(10);
    registry.putManifestUnder("app", good.manifestDigest().toString(), MediaType.OCI_MANIFEST.value(), other.manifest());

    assertThatThrownBy(() -> client().fetchManifest(ref("app@" + good.manifestDigest())))
        .isInstanceOf(RegistryException.DigestMismatch.class)
        .hasMessageContaining("has digest " + other.manifestDigest())
        .hasMessageContaining(good.manifestDigest() + " was requested");
  }

  @Test
  void mountsABlobFromAnotherRepository() {
    TestImage image = TestImage.linuxAmd64(11);
    registry.putBlob("base/busybox", image.layer());

    PushOutcome outcome = client().pushBlob(repo("app"), image.layerDescriptor(), Blob.of(image.layer()),
        Optional.of(repo("base/busybox")));

    assertThat(outcome).isEqualTo(PushOutcome.MOUNTED);
    assertThat(registry.hasBlob("app", image.layerDescriptor().digest())).isTrue();
    assertThat(registry.requests()).extracting(Recorded::pathAndQuery)
        .contains("/v2/app/blobs/uploads/?mount=" + image.layerDescriptor().digest().toString().replace(":", "%3A")
            + "&from=base%2Fbusybox");
  }

  @Test
  void aRefusedMountFallsBackToAnUploadInTheSessionItStarted() {
    registry.disableMounts();
    TestImage image = TestImage.linuxAmd64(12);
    registry.putBlob("base", image.layer());

    PushOutcome outcome = client().pushBlob(repo("app"), image.layerDescriptor(), Blob.of(image.layer()),
        Optional.of(repo("base")));

    assertThat(outcome).isEqualTo(PushOutcome.UPLOADED);
    assertThat(registry.requests()).extracting(Recorded::method).containsExactly("HEAD", "POST", "PUT");
  }

  @Test
  void largeBlobsAreUploadedInChunksWithContentRanges() {
    TestImage image = TestImage.of(13, AMD64, 4096, MediaType.OCI_MANIFEST);

    PushOutcome outcome = client(CredentialSource.anonymous(), 1000)
        .pushBlob(repo("app"), image.layerDescriptor(), Blob.ofStream(new java.io.ByteArrayInputStream(image.layer())),
            Optional.empty());

    assertThat(outcome).isEqualTo(PushOutcome.UPLOADED);
    assertThat(registry.blob(image.layerDescriptor().digest())).hasValue(image.layer());
    assertThat(registry.requests().stream().filter(r -> r.method().equals("PATCH")).map(r -> r.contentRange().orElse("")))
        .containsExactly("0-999", "1000-1999", "2000-2999", "3000-3999", "4000-4095");
    assertThat(registry.requests()).last().extracting(Recorded::method).isEqualTo("PUT");
  }

  @Test
  void aChunkedUploadOfContentThatDoesNotMatchItsDescriptorIsNeverCommitted() {
    TestImage image = TestImage.of(14, AMD64, 3000, MediaType.OCI_MANIFEST);
    byte[] other = image.layer().clone();
    other[10] ^= 1;

    assertThatThrownBy(() -> client(CredentialSource.anonymous(), 1000)
            .pushBlob(repo("app"), image.layerDescriptor(), Blob.of(other), Optional.empty()))
        .isInstanceOf(RegistryException.DigestMismatch.class)
        .hasMessageContaining("nothing was committed");
    assertThat(registry.requests()).extracting(Recorded::method).doesNotContain("PUT");
  }

  @Test
  void listsTagsAcrossPages() {
    registry.tagPageSize(2);
    TestImage image = TestImage.linuxAmd64(15);
    for (String tag : List.of("e", "a", "c", "b", "d")) {
      image.putInto(registry, "app", tag);
    }

    assertThat(client().listTags(repo("app"))).containsExactly("a", "b", "c", "d", "e");
    assertThat(registry.requests().stream().filter(r -> r.pathAndQuery().contains("/tags/list"))).hasSize(3);
  }

  @Test
  void pingsTheRegistry() {
    client().ping(registry.registry());
    assertThat(registry.requests()).extracting(Recorded::pathAndQuery).containsExactly("/v2/");
  }

  @Test
  void aLocalReadFailureIsReportedAsSuchNotAsABrokenConnection() {
    Path missing = temp.resolve("gone.tar");
    Descriptor descriptor = Descriptor.of(MediaType.OCI_LAYER, Digest.sha256("x"), 1000);

    for (long chunkSize : List.of(64L << 20, 100L)) {
      assertThatThrownBy(() -> client(CredentialSource.anonymous(), chunkSize)
              .pushBlob(repo("app"), descriptor, Blob.of(missing), Optional.empty()))
          .isInstanceOf(java.io.UncheckedIOException.class)
          .hasMessageContaining(missing.toString());
    }
  }

  // ---- authentication ------------------------------------------------------------------------------------------

  @Test
  void answersABearerChallengeWithATokenAndReusesItPerScope() {
    registry.requireBearer("alice", "wonderland", false);
    TestImage image = TestImage.linuxAmd64(16);
    DistributionClient client = client(login("alice", "wonderland"), 64 << 20);

    push(client, repo("app"), ref("app:1"), image);
    client.resolve(ref("app:1"), AMD64);
    client.fetchBlob(repo("app"), image.layerDescriptor(), store);

    List<Recorded> requests = registry.requests();
    assertThat(requests.get(0).authorization()).isEmpty();
    assertThat(requests.get(1).pathAndQuery()).startsWith("/token?service=in-process&scope=repository%3Aapp%3Apull%2Cpush");
    assertThat(requests.get(1).authorization()).hasValueSatisfying(h -> assertThat(h).startsWith("Basic "));
    // one token for push, one for pull: no token request per operation
    assertThat(requests.stream().filter(r -> r.pathAndQuery().startsWith("/token"))).hasSize(2);
    assertThat(requests.stream().filter(r -> r.pathAndQuery().startsWith("/v2/app/"))
        .allMatch(r -> r.authorization().isEmpty() || r.authorization().get().startsWith("Bearer tok-"))).isTrue();
    assertThat(store.has(image.layerDescriptor().digest())).isTrue();
  }

  @Test
  void pullsAnonymouslyWhereTheTokenServiceAllowsIt() {
    registry.requireBearer("alice", "wonderland", true);
    TestImage.linuxAmd64(17).putInto(registry, "public/app", "1");

    ResolvedImage resolved = client().resolve(ref("public/app:1"), AMD64);

    assertThat(resolved.manifest().digest()).isEqualTo(TestImage.linuxAmd64(17).manifestDigest());
    assertThat(registry.requests()).filteredOn(r -> r.pathAndQuery().startsWith("/token"))
        .allSatisfy(r -> assertThat(r.authorization()).isEmpty());
  }

  @Test
  void anAnonymousPushIsUnauthorizedWithAHintToLogIn() {
    registry.requireBearer("alice", "wonderland", true);
    TestImage image = TestImage.linuxAmd64(18);

    assertThatThrownBy(() -> client().pushBlob(repo("app"), image.layerDescriptor(), Blob.of(image.layer()),
            Optional.empty()))
        .isInstanceOf(RegistryException.Unauthorized.class)
        .hasMessageStartingWith("pushing blob " + image.layerDescriptor().digest() + " to " + registry.registry()
            + "/app: anonymous access was refused; pushing needs a login ('stowage login " + registry.registry() + "')");
  }

  @Test
  void wrongCredentialsAreUnauthorizedAndThePasswordIsInNoMessage() {
    registry.requireBearer("alice", "wonderland", false);

    assertThatThrownBy(() -> client(login("alice", "not-the-Password-42"), 64 << 20).fetchManifest(ref("app:1")))
        .isInstanceOfSatisfying(RegistryException.Unauthorized.class, e -> {
          assertThat(e.getMessage()).contains("the token service refused the credentials for " + registry.registry())
              .doesNotContain("not-the-Password-42")
              .doesNotContain("alice:");
          assertThat(e.isTemporary()).isFalse();
        });
  }

  @Test
  void basicAuthIsSentOnceTheRegistryAskedForIt() {
    registry.requireBasic("bob", "builder");
    TestImage image = TestImage.linuxAmd64(19);
    DistributionClient client = client(login("bob", "builder"), 64 << 20);

    push(client, repo("app"), ref("app:1"), image);

    List<Recorded> requests = registry.requests();
    assertThat(requests.get(0).authorization()).isEmpty();
    assertThat(requests.subList(1, requests.size())).allSatisfy(r -> assertThat(r.authorization()).isPresent());
    assertThat(requests.stream().filter(r -> r.authorization().isEmpty())).hasSize(1);
  }

  @Test
  void aBasicRegistryWithoutCredentialsSaysHowToLogIn() {
    registry.requireBasic("bob", "builder");

    assertThatThrownBy(() -> client().ping(registry.registry()))
        .isInstanceOf(RegistryException.Unauthorized.class)
        .hasMessage("checking the registry " + registry.registry() + ": the registry " + registry.registry()
            + " requires a login; run 'stowage login " + registry.registry() + "' (or docker login), or pass"
            + " credentials for it (registry said: UNAUTHORIZED: authentication required) [GET http://"
            + registry.registry() + "/v2/ -> 401]");
  }

  // ---- retries -------------------------------------------------------------------------------------------------

  @Test
  void a429IsRetriedAfterTheRetryAfterTheRegistryAsksFor() {
    TestImage.linuxAmd64(20).putInto(registry, "app", "1");
    registry.inject(Fault.status("GET", "/manifests/", 1, 429, Map.of("Retry-After", "2")));

    client().fetchManifest(ref("app:1"));

    assertThat(sleeps).containsExactly(Duration.ofSeconds(2));
  }

  @Test
  void aRetryAfterLongerThanTheCapEndsTheRetriesAtOnce() {
    registry.inject(Fault.status("GET", "/manifests/", 5, 429, Map.of("Retry-After", "3600")));

    assertThatThrownBy(() -> client().fetchManifest(ref("app:1")))
        .isInstanceOfSatisfying(RegistryException.TooManyRequests.class, e -> {
          assertThat(e.getMessage()).contains("asked to wait 3600 s");
          assertThat(e.isTemporary()).isTrue();
        });
    assertThat(sleeps).isEmpty();
  }

  @Test
  void a500IsRetriedWithBackoff() throws IOException {
    TestImage image = TestImage.linuxAmd64(21);
    image.putInto(registry, "app", "1");
    registry.inject(Fault.status("GET", "/blobs/", 2, 500, Map.of()));

    client().fetchBlob(repo("app"), image.layerDescriptor(), store);

    assertThat(Files.readAllBytes(store.path(image.layerDescriptor().digest()))).isEqualTo(image.layer());
    assertThat(sleeps).containsExactly(Duration.ofMillis(500), Duration.ofSeconds(1));
  }

  @Test
  void aRegistryThatKeepsFailingIsUnavailableAfterTheBoundedAttempts() {
    registry.inject(Fault.status("GET", "/manifests/", 100, 503, Map.of()));

    assertThatThrownBy(() -> client().fetchManifest(ref("app:1")))
        .isInstanceOfSatisfying(RegistryException.Unavailable.class, e -> {
          assertThat(e.getMessage()).contains("the registry failed after 4 attempts").contains("-> 503");
          assertThat(e.isTemporary()).isTrue();
        });
    assertThat(registry.requests()).hasSize(4);
  }

  @Test
  void aFailedChunkIsNotResentButTheWholeUploadStartsOverOnce() {
    TestImage image = TestImage.of(22, AMD64, 3000, MediaType.OCI_MANIFEST);
    registry.inject(Fault.status("PATCH", "/blobs/uploads/", 1, 500, Map.of()));

    PushOutcome outcome = client(CredentialSource.anonymous(), 1000)
        .pushBlob(repo("app"), image.layerDescriptor(), Blob.of(image.layer()), Optional.empty());

    assertThat(outcome).isEqualTo(PushOutcome.UPLOADED);
    assertThat(registry.requests().stream().filter(r -> r.method().equals("POST"))).hasSize(2);
    assertThat(registry.blob(image.layerDescriptor().digest())).hasValue(image.layer());
  }

  @Test
  void aOneShotBlobIsNotUploadedTwice() {
    TestImage image = TestImage.linuxAmd64(23);
    registry.inject(Fault.status("PUT", "/blobs/uploads/", 1, 500, Map.of()));

    assertThatThrownBy(() -> client().pushBlob(repo("app"), image.layerDescriptor(),
            Blob.ofStream(new java.io.ByteArrayInputStream(image.layer())), Optional.empty()))
        .isInstanceOf(RegistryException.Unavailable.class);
    assertThat(registry.requests().stream().filter(r -> r.method().equals("PUT"))).hasSize(1);
  }

  @Test
  void aBrokenConnectionDuringADownloadIsRetried() throws IOException {
    TestImage image = TestImage.of(24, AMD64, 200_000, MediaType.OCI_MANIFEST);
    image.putInto(registry, "app", "1");
    registry.inject(Fault.blob("/blobs/", 1, FaultKind.DROP_CONNECTION));

    client().fetchBlob(repo("app"), image.layerDescriptor(), store);

    assertThat(Files.readAllBytes(store.path(image.layerDescriptor().digest()))).isEqualTo(image.layer());
    assertThat(sleeps).hasSize(1);
  }

  // ---- verified downloads --------------------------------------------------------------------------------------

  @Test
  void aTruncatedBlobIsADigestMismatchAndNothingIsStored() {
    TestImage image = TestImage.linuxAmd64(25);
    image.putInto(registry, "app", "1");
    registry.inject(Fault.blob("/blobs/", 1, FaultKind.TRUNCATE));

    assertThatThrownBy(() -> client().fetchBlob(repo("app"), image.layerDescriptor(), store))
        .isInstanceOf(RegistryException.DigestMismatch.class)
        .hasMessageContaining("pulling blob " + image.layerDescriptor().digest())
        .hasMessageContaining("truncated");
    assertThat(store.has(image.layerDescriptor().digest())).isFalse();
    assertThat(store.list()).isEmpty();
  }

  @Test
  void aCorruptBlobIsADigestMismatch() {
    TestImage image = TestImage.linuxAmd64(26);
    image.putInto(registry, "app", "1");
    registry.inject(Fault.blob("/blobs/", 1, FaultKind.CORRUPT));

    assertThatThrownBy(() -> client().fetchBlob(repo("app"), image.layerDescriptor(), store))
        .isInstanceOf(RegistryException.DigestMismatch.class)
        .hasMessageContaining("corrupt");
    assertThat(store.list()).isEmpty();
  }

  @Test
  void aBlobLongerThanItsDescriptorIsCutOffAndRefused() {
    TestImage image = TestImage.linuxAmd64(27);
    image.putInto(registry, "app", "1");
    registry.inject(Fault.blob("/blobs/", 1, FaultKind.OVERSIZE));

    assertThatThrownBy(() -> client().fetchBlob(repo("app"), image.layerDescriptor(), store))
        .isInstanceOf(RegistryException.DigestMismatch.class)
        .hasMessageContaining("longer than its expected " + image.layer().length + " bytes");
    assertThat(store.list()).isEmpty();
  }

  @Test
  void aContentLengthThatDisagreesWithTheDescriptorIsRefusedBeforeDownloading() {
    TestImage image = TestImage.linuxAmd64(28);
    image.putInto(registry, "app", "1");
    Descriptor wrongSize = Descriptor.of(MediaType.OCI_LAYER, image.layerDescriptor().digest(), 10);

    assertThatThrownBy(() -> client().fetchBlob(repo("app"), wrongSize, store))
        .isInstanceOf(RegistryException.DigestMismatch.class)
        .hasMessageContaining("sending " + image.layer().length + " bytes for a blob whose descriptor says 10");
  }

  // ---- redirects -----------------------------------------------------------------------------------------------

  @Test
  void aRedirectToAnotherOriginCarriesNoAuthorization() throws IOException {
    registry.requireBearer("alice", "wonderland", false).redirectBlobDownloads();
    TestImage image = TestImage.linuxAmd64(29);
    image.putInto(registry, "app", "1");

    client(login("alice", "wonderland"), 64 << 20).fetchBlob(repo("app"), image.layerDescriptor(), store);

    assertThat(Files.readAllBytes(store.path(image.layerDescriptor().digest()))).isEqualTo(image.layer());
    List<Recorded> storage = registry.requests().stream().filter(r -> r.server().equals("storage")).toList();
    assertThat(storage).hasSize(1);
    assertThat(storage.get(0).authorization()).isEmpty();
    assertThat(storage.get(0).pathAndQuery()).contains("X-Amz-Signature=" + InProcessRegistry.SIGNATURE);
    assertThat(registry.requests()).filteredOn(r -> r.server().equals("registry") && r.pathAndQuery().startsWith("/v2/app/blobs/"))
        .last().satisfies(r -> assertThat(r.authorization()).hasValueSatisfying(h -> assertThat(h).startsWith("Bearer ")));
  }

  @Test
  void theSignatureOfARedirectNeverAppearsInMessagesOrLogs() {
    registry.requireBearer("alice", "wonderland", false).redirectBlobDownloads();
    TestImage image = TestImage.linuxAmd64(30);
    image.putInto(registry, "app", "1");
    registry.inject(Fault.status("GET", "/storage/", 10, 500, Map.of()));
    List<String> logged = new CopyOnWriteArrayList<>();
    Logger logger = Logger.getLogger(dev.stowage.registry.http.EndpointCaller.class.getName());
    Handler handler = new Handler() {
      @Override
      public void publish(LogRecord record) {
        logged.add(String.valueOf(record.getMessage()));
      }

      @Override
      public void flush() {}

      @Override
      public void close() {}
    };
    Level before = logger.getLevel();
    logger.setLevel(Level.ALL);
    logger.addHandler(handler);
    try {
      assertThatThrownBy(() -> client(login("alice", "wonderland"), 64 << 20)
              .fetchBlob(repo("app"), image.layerDescriptor(), store))
          .isInstanceOfSatisfying(RegistryException.Unavailable.class, e -> {
            assertThat(e.getMessage())
                .contains(registry.storageOrigin() + "/storage/" + image.layerDescriptor().digest()
                    + "?X-Amz-Expires=REDACTED&X-Amz-Signature=REDACTED")
                .doesNotContain(InProcessRegistry.SIGNATURE)
                .doesNotContain("wonderland")
                .doesNotContain("tok-");
            assertThat(e.redactedUrl()).hasValueSatisfying(u -> assertThat(u).doesNotContain(InProcessRegistry.SIGNATURE));
          });
    } finally {
      logger.removeHandler(handler);
      logger.setLevel(before);
    }
    assertThat(logged).isNotEmpty().anySatisfy(line -> assertThat(line).contains("redirect to"));
    assertThat(logged).allSatisfy(line -> assertThat(line).doesNotContain(InProcessRegistry.SIGNATURE).doesNotContain("tok-"));
  }
}
