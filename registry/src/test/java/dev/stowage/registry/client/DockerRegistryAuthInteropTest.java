package dev.stowage.registry.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stowage.oci.MediaType;
import dev.stowage.oci.Platform;
import dev.stowage.oci.ref.ImageReference;
import dev.stowage.oci.store.Blob;
import dev.stowage.oci.store.FileBlobStore;
import dev.stowage.registry.RegistryException;
import dev.stowage.registry.Repository;
import dev.stowage.registry.ResolvedImage;
import dev.stowage.registry.auth.Credential;
import dev.stowage.registry.auth.CredentialSource;
import dev.stowage.registry.auth.DockerConfig;
import dev.stowage.registry.auth.DockerConfigWriter;
import dev.stowage.registry.auth.ProcessCommandRunner;
import dev.stowage.registry.testing.DockerRegistryServer;
import dev.stowage.registry.testing.TestImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** A real registry with htpasswd authentication: Basic auth, refused credentials, a credential helper, login. */
class DockerRegistryAuthInteropTest {
  private static final String USER = "stowage";
  private static final String PASSWORD = "htpasswd-Pa55-word";

  @RegisterExtension static final DockerRegistryServer SERVER = DockerRegistryServer.withHtpasswd(USER, PASSWORD);

  private static final Platform AMD64 = Platform.of("linux", "amd64");

  @TempDir Path temp;

  private static Repository repo(String name) {
    return new Repository(SERVER.registry(), name);
  }

  private static ImageReference ref(String text) {
    return ImageReference.parse(SERVER.registry() + "/" + text);
  }

  private static DistributionClient client(CredentialSource credentials) {
    return DistributionClient.builder().credentials(credentials).build();
  }

  private static void push(DistributionClient c, String repository, String tag, TestImage image) {
    c.pushBlob(repo(repository), image.configDescriptor(), Blob.of(image.config()), Optional.empty());
    c.pushBlob(repo(repository), image.layerDescriptor(), Blob.of(image.layer()), Optional.empty());
    c.pushManifest(ref(repository + ":" + tag), image.manifest(), image.manifestType());
  }

  @Test
  void pushesAndPullsWithBasicAuth() {
    TestImage image = TestImage.of(200, AMD64, 4000, MediaType.OCI_MANIFEST);
    DistributionClient client = client(CredentialSource.of(Map.of(SERVER.registry(), Credential.of(USER, PASSWORD))));

    push(client, "auth/app", "1", image);

    assertThat(client.resolve(ref("auth/app:1"), AMD64).manifest().digest()).isEqualTo(image.manifestDigest());
  }

  @Test
  void refusedCredentialsGiveAClearMessageWithoutThePassword() {
    DistributionClient client = client(CredentialSource.of(
        Map.of(SERVER.registry(), Credential.of(USER, "wrong-Pa55-word"))));

    assertThatThrownBy(() -> client.resolve(ref("auth/app:1"), AMD64))
        .isInstanceOfSatisfying(RegistryException.Unauthorized.class, e -> assertThat(e.getMessage())
            .isEqualTo("pulling manifest " + SERVER.registry() + "/auth/app:1: the registry did not accept the"
                + " credentials for " + SERVER.registry() + " (or they do not grant this access) (registry said:"
                + " UNAUTHORIZED: authentication required) [GET http://" + SERVER.registry()
                + "/v2/auth/app/manifests/1 -> 401]")
            .doesNotContain("wrong-Pa55-word"));
  }

  @Test
  void withoutCredentialsTheMessageSaysHowToLogIn() {
    assertThatThrownBy(() -> client(CredentialSource.anonymous()).ping(SERVER.registry()))
        .isInstanceOf(RegistryException.Unauthorized.class)
        .hasMessageContaining("requires a login; run 'stowage login " + SERVER.registry() + "'");
  }

  @Test
  void pullsThroughADockerCredentialHelperNamedInConfigJson() throws IOException {
    TestImage image = TestImage.of(201, AMD64, 1500, MediaType.OCI_MANIFEST);
    push(client(CredentialSource.of(Map.of(SERVER.registry(), Credential.of(USER, PASSWORD)))), "auth/helper", "1", image);
    Path bin = Files.createDirectory(temp.resolve("bin"));
    Path helper = bin.resolve("docker-credential-stowagetest");
    Files.writeString(helper, """
        #!/bin/sh
        [ "$1" = get ] || exit 2
        read -r server
        echo "$server" > "$(dirname "$0")/asked"
        [ "$server" = "%s" ] || { echo "credentials not found in native keychain"; exit 1; }
        printf '{"ServerURL":"%%s","Username":"%s","Secret":"%s"}\\n' "$server"
        """.formatted(SERVER.registry(), USER, PASSWORD));
    Files.setPosixFilePermissions(helper, PosixFilePermissions.fromString("rwx------"));
    Path config = temp.resolve("docker/config.json");
    Files.createDirectories(config.getParent());
    Files.writeString(config, "{\"credHelpers\": {\"" + SERVER.registry() + "\": \"stowagetest\"}}");
    List<Path> path = new ArrayList<>(List.of(bin));
    path.addAll(ProcessCommandRunner.fromEnvironment().searchPath());
    DockerConfig dockerConfig = DockerConfig.load(config, new ProcessCommandRunner(path));

    DistributionClient client = client(dockerConfig);
    ResolvedImage resolved = client.resolve(ref("auth/helper:1"), AMD64);
    FileBlobStore store = FileBlobStore.open(temp.resolve("store"));
    client.fetchBlob(repo("auth/helper"), resolved.manifest().value().layers().get(0), store);

    assertThat(resolved.manifest().digest()).isEqualTo(image.manifestDigest());
    assertThat(Files.readAllBytes(store.path(image.layerDescriptor().digest()))).isEqualTo(image.layer());
    assertThat(Files.readString(bin.resolve("asked")).strip()).isEqualTo(SERVER.registry());
  }

  @Test
  void loginWritesConfigJsonThatTheNextClientUses() throws IOException {
    Path config = temp.resolve("docker/config.json");
    ProcessCommandRunner runner = ProcessCommandRunner.fromEnvironment();
    new DockerConfigWriter(config, runner).login(SERVER.registry(), Credential.of(USER, PASSWORD));

    DistributionClient client = client(DockerConfig.load(config, runner));
    client.ping(SERVER.registry());
    push(client, "auth/login", "1", TestImage.of(202, AMD64, 500, MediaType.OCI_MANIFEST));

    assertThat(client.listTags(repo("auth/login"))).containsExactly("1");
    assertThat(new DockerConfigWriter(config, runner).logout(SERVER.registry())).isTrue();
    assertThatThrownBy(() -> client(DockerConfig.load(config, runner)).ping(SERVER.registry()))
        .isInstanceOf(RegistryException.Unauthorized.class);
  }
}
