package dev.stowage.scan.input;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.stowage.oci.Platform;
import dev.stowage.oci.archive.LayerEntry;
import dev.stowage.oci.image.Image;
import dev.stowage.oci.store.FileBlobStore;
import dev.stowage.registry.RegistryHosts;
import dev.stowage.registry.client.DistributionClient;
import dev.stowage.scan.Location;
import dev.stowage.scan.ScanException;
import dev.stowage.scan.ScanReport;
import dev.stowage.scan.TestImages;
import dev.stowage.scan.detect.Fingerprinter;
import dev.stowage.scan.layer.LayerLimits;
import dev.stowage.scan.walk.ImageScanner;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Images from a registry (a minimal distribution API on the JDK's HTTP server) and from the local store. */
class RegistryAndStoreTest {
  private static final String GITHUB = "ghp_u8jzPde0IgxLd6GncfBAepfJBd0Kh8oOOL8d";

  @TempDir Path dir;
  private HttpServer server;
  private TestImages images;
  private Image image;
  private final AtomicInteger blobRequests = new AtomicInteger();
  private volatile boolean corruptLayers;

  @BeforeEach
  void serve() throws IOException {
    images = new TestImages(dir)
        .layer("COPY .git-credentials /root/", LayerEntry.file("root/.git-credentials",
            ("https://ci:" + GITHUB + "@github.com\n").getBytes(StandardCharsets.UTF_8)))
        .layer("RUN rm /root/.git-credentials", LayerEntry.whiteout("root/.git-credentials"));
    image = images.image();
    FileBlobStore store = images.store();
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/v2/", exchange -> {
      String path = exchange.getRequestURI().getPath();
      if (path.equals("/v2/")) {
        send(exchange, 200, "application/json", "{}".getBytes());
      } else if (path.equals("/v2/shop/app/manifests/1")) {
        exchange.getResponseHeaders().add("Docker-Content-Digest", image.manifest().digest().toString());
        send(exchange, 200, image.manifest().value().mediaType().value(), image.manifest().bytes());
      } else if (path.startsWith("/v2/shop/app/blobs/")) {
        blobRequests.incrementAndGet();
        var digest = dev.stowage.oci.Digest.parse(path.substring("/v2/shop/app/blobs/".length()));
        byte[] blob;
        try (InputStream in = store.open(digest)) {
          blob = in.readAllBytes();
        }
        if (corruptLayers && !digest.equals(image.config().digest())) {
          blob[blob.length / 2] ^= 1;
        }
        send(exchange, 200, "application/octet-stream", blob);
      } else {
        send(exchange, 404, "application/json", "{\"errors\":[{\"code\":\"NOT_FOUND\"}]}".getBytes());
      }
    });
    server.start();
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  private static void send(HttpExchange exchange, int status, String type, byte[] body) throws IOException {
    exchange.getResponseHeaders().add("Content-Type", type);
    exchange.sendResponseHeaders(status, body.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(body);
    }
  }

  private String registry() {
    return "127.0.0.1:" + server.getAddress().getPort();
  }

  private ImageOpener opener(Path storeRoot) {
    return new ImageOpener(storeRoot, () -> DistributionClient.builder()
        .hosts(new RegistryHosts(Set.of(registry()))).build(), Platform.of("linux", "amd64"), List.of());
  }

  private static ScanReport scan(ScanTarget target) {
    return new ImageScanner(List.of(), Fingerprinter.withKey(new byte[32]), LayerLimits.defaults()).scan(target);
  }

  @Test
  void aRegistryImageIsScannedWithItsBlobsStreamed() {
    ScanReport report;
    try (ScanTarget target = opener(dir.resolve("empty")).open(ImageInput.parse("registry://" + registry() + "/shop/app:1"))) {
      report = scan(target);
    }

    assertThat(report.findings()).singleElement().satisfies(f -> {
      assertThat(f.rule()).isEqualTo("github-token"); // the format wins over the URL it sits in
      assertThat(((Location.File) f.location()).deleted()).isTrue();
    });
    assertThat(blobRequests.get()).isEqualTo(3); // the config and two layers, once each
  }

  @Test
  void aBareNameTheStoreDoesNotHaveComesFromTheRegistry() {
    try (ScanTarget target = opener(dir.resolve("empty")).open(ImageInput.parse(registry() + "/shop/app:1"))) {
      assertThat(target.image().id()).isEqualTo(image.id());
    }
  }

  @Test
  void aCorruptBlobFromTheRegistryFailsTheScan() {
    corruptLayers = true;
    try (ScanTarget target = opener(dir.resolve("empty")).open(ImageInput.parse("registry://" + registry() + "/shop/app:1"))) {
      assertThatThrownBy(() -> scan(target)).isInstanceOf(ScanException.class).hasMessageContaining("layer 0");
    }
  }

  @Test
  void theLocalStoreIsReadByNameAndByShortId() throws IOException {
    // the layout of the engine's store: <root>/store/blobs/... and <root>/images.json
    Path root = dir.resolve("state");
    FileBlobStore store = FileBlobStore.open(root.resolve("store"));
    for (var digest : images.store().list()) {
      try (InputStream in = images.store().open(digest)) {
        store.put(in.readAllBytes());
      }
    }
    Files.writeString(root.resolve("images.json"), "{\"docker.io/library/app:1\": {\"digest\": \""
        + image.manifest().digest() + "\", \"mediaType\": \"" + image.manifest().value().mediaType().value()
        + "\", \"size\": " + image.manifest().size() + ", \"created\": \"2026-01-01T00:00:00Z\"}}");

    for (String name : List.of("app:1", image.id().encoded().substring(0, 12))) {
      try (ScanTarget target = opener(root).open(ImageInput.parse(name))) {
        assertThat(target.name()).contains("local store");
        assertThat(scan(target).findings()).hasSize(1);
      }
    }
    assertThat(blobRequests.get()).isZero();
  }
}
