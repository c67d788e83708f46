package dev.stowage.cli.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stowage.oci.MediaType;
import dev.stowage.oci.ref.ImageReference;
import dev.stowage.registry.client.DistributionClient;
import dev.stowage.registry.testing.DockerRegistryServer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A build pushed to Debian's docker-registry (its uncompressed local layers gzip-compressed on the way), then
 * pulled into an empty state directory with {@code stowage pull} and built on.
 */
class PushPullTest {
  @RegisterExtension static final DockerRegistryServer SERVER = DockerRegistryServer.anonymous();
  @TempDir Path work;

  @Test
  void aPushedImageHasGzipLayersAndPullsIntoAStoreABuildUses() throws IOException {
    Path state = BusyboxBase.build(work, "push-base:1", false);
    String name = SERVER.registry() + "/pushpull/app:1";
    Path context = Files.createDirectories(work.resolve("app"));
    Files.writeString(context.resolve("Dockerfile"), "FROM push-base:1\nRUN echo pushed > /pushed.txt\n");
    InProcessCli.Output pushed = InProcessCli.run("build", "--root", state.toString(), "--progress=plain",
        "--output", "type=image,name=" + name + ",push=true", context.toString());
    assertThat(pushed.code()).as(pushed.out() + pushed.err()).isZero();

    var manifest = DistributionClient.builder().build().fetchManifest(ImageReference.parse(name));
    assertThat(new String(manifest.bytes(), StandardCharsets.UTF_8))
        .contains(MediaType.DOCKER_LAYER_GZIP.value())
        .doesNotContain("\"" + MediaType.DOCKER_LAYER.value() + "\"");

    // FROM the pushed image in an empty state: its layers come from the registry at the FROM step, as transfers.
    Path empty = work.resolve("empty");
    Path from = Files.createDirectories(work.resolve("from"));
    Files.writeString(from.resolve("Dockerfile"), "FROM " + name + "\nRUN test -f /pushed.txt\n");
    InProcessCli.Output fromRegistry = InProcessCli.run("build", "--root", empty.toString(), "--progress=plain",
        from.toString());
    assertThat(fromRegistry.code()).as(fromRegistry.out() + fromRegistry.err()).isZero();
    assertThat(fromRegistry.err()).containsPattern("#1 sha256:[0-9a-f]{64} \\S+ / \\S+ [0-9.]+s done");

    Path fresh = work.resolve("fresh");
    InProcessCli.Output pulled = InProcessCli.run("pull", "--root", fresh.toString(), name);
    assertThat(pulled.code()).as(pulled.out() + pulled.err()).isZero();
    assertThat(pulled.out()).contains(name + ": pulled sha256:");
    InProcessCli.Output images = InProcessCli.run("images", "--root", fresh.toString());
    assertThat(images.out()).contains("pushpull/app");

    // A build on the pulled image (its layers unpacked by the pull).
    Path next = Files.createDirectories(work.resolve("next"));
    Files.writeString(next.resolve("Dockerfile"), "FROM " + name + "\nRUN cat /pushed.txt > /seen.txt\n");
    InProcessCli.Output built = InProcessCli.run("build", "--root", fresh.toString(), "--progress=plain",
        "--output", "type=local,dest=" + work.resolve("out"), next.toString());
    assertThat(built.code()).as(built.out() + built.err()).isZero();
    assertThat(Files.readString(work.resolve("out/seen.txt"))).isEqualTo("pushed\n");
  }
}
