package dev.stowage.cli.scan;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.stowage.cli.Main;
import dev.stowage.oci.ContainerConfig;
import dev.stowage.oci.Descriptor;
import dev.stowage.oci.Digest;
import dev.stowage.oci.HistoryEntry;
import dev.stowage.oci.ImageConfig;
import dev.stowage.oci.ImageManifest;
import dev.stowage.oci.MediaType;
import dev.stowage.oci.OciJson;
import dev.stowage.oci.Platform;
import dev.stowage.oci.Raw;
import dev.stowage.oci.RootFs;
import dev.stowage.oci.archive.LayerEntry;
import dev.stowage.oci.archive.LayerOptions;
import dev.stowage.oci.archive.LayerResult;
import dev.stowage.oci.archive.LayerWriter;
import dev.stowage.oci.dockerarchive.DockerArchiveWriter;
import dev.stowage.oci.image.Image;
import dev.stowage.oci.image.NamedImage;
import dev.stowage.oci.store.BlobInfo;
import dev.stowage.oci.store.FileBlobStore;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code stowage scan} through the real root command: flags, formats, exit statuses, one-line errors. */
class ScanCommandTest {
  private static final String NPM = "npm_KLzdocJ2isAjIhKtJ0RlgLKOmxgJTeKdNnFR";
  private static final String PASSWORD = "4y9ojfljoQoaF1LlqsajAIxN";
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;

  private record Run(int exit, String out, String err) {
    List<JsonNode> jsonLines() throws IOException {
      List<JsonNode> nodes = new ArrayList<>();
      for (String line : out.split("\n")) {
        if (!line.isBlank()) {
          nodes.add(JSON.readTree(line));
        }
      }
      return nodes;
    }
  }

  private Run scan(String... args) {
    List<String> all = new ArrayList<>(List.of("scan", "--fingerprint-key", dir.resolve("key").toString(),
        "--root", dir.resolve("state").toString()));
    all.addAll(List.of(args));
    PrintStream oldOut = System.out;
    PrintStream oldErr = System.err;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    try {
      System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
      System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
      int exit = Main.run(all.toArray(String[]::new));
      return new Run(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    } finally {
      System.setOut(oldOut);
      System.setErr(oldErr);
    }
  }

  /** A docker-archive whose first layer writes {@code .npmrc} and the base64 of a password, and whose second deletes the .npmrc. */
  private Path leakyImage() {
    FileBlobStore store = FileBlobStore.open(dir.resolve("store"));
    String b64 = Base64.getEncoder().encodeToString(PASSWORD.getBytes(StandardCharsets.UTF_8));
    List<Descriptor> layers = new ArrayList<>();
    List<Digest> diffIds = new ArrayList<>();
    for (List<LayerEntry> entries : List.of(
        List.of(LayerEntry.file("app/.npmrc", ("//registry.npmjs.org/:_authToken=" + NPM + "\n").getBytes()),
            LayerEntry.file("etc/db.b64", (b64 + "\n").getBytes())),
        List.of(LayerEntry.whiteout("app/.npmrc")))) {
      try (LayerWriter writer = LayerWriter.toStore(store, LayerOptions.defaults())) {
        entries.forEach(writer::add);
        LayerResult result = writer.finish();
        layers.add(result.descriptor());
        diffIds.add(result.diffId());
      }
    }
    ImageConfig config = ImageConfig.scratch(Platform.of("linux", "amd64"))
        .withRootfs(RootFs.of(diffIds))
        .withHistory(List.of(HistoryEntry.of(Instant.EPOCH, "COPY . /", "", false),
            HistoryEntry.of(Instant.EPOCH, "RUN rm /app/.npmrc", "", false)))
        .withConfig(ContainerConfig.EMPTY.withEnv(List.of("PATH=/usr/bin")));
    Raw<ImageConfig> raw = OciJson.toRaw(config);
    BlobInfo stored = store.put(raw.bytes());
    Image image = new Image(OciJson.toRaw(ImageManifest.of(MediaType.OCI_MANIFEST,
        Descriptor.of(MediaType.OCI_CONFIG, stored.digest(), stored.size()), layers)), raw);
    Path file = dir.resolve("image.tar");
    DockerArchiveWriter.write(file, List.of(new NamedImage(image, List.of("leaky:1"))), store,
        DockerArchiveWriter.Layout.LEGACY);
    return file;
  }

  @Test
  void findingsAreJsonLinesAndExitStatusFour() throws IOException {
    Path secret = Files.writeString(dir.resolve("db_password"), PASSWORD);
    Run run = scan("--format", "json", "--secret", "id=db_password,src=" + secret, "docker-archive:" + leakyImage());

    assertThat(run.exit()).isEqualTo(4);
    List<JsonNode> findings = run.jsonLines();
    assertThat(findings).extracting(f -> f.get("path").asText() + " " + f.get("rule").asText())
        .containsExactlyInAnyOrder("app/.npmrc npm-token", "etc/db.b64 known-value");
    assertThat(findings).filteredOn(f -> f.get("path").asText().equals("app/.npmrc"))
        .singleElement().satisfies(f -> assertThat(f.get("deleted").asBoolean()).isTrue());
    assertThat(run.out() + run.err()).doesNotContain(NPM.substring(4)).doesNotContain(PASSWORD)
        .doesNotContain(Base64.getEncoder().encodeToString(PASSWORD.getBytes(StandardCharsets.UTF_8)));
  }

  @Test
  void knownValuesFromAFileAndABaselineOfAnEarlierReport() throws IOException {
    Path image = leakyImage();
    Path values = Files.writeString(dir.resolve("values.txt"), "short\n" + PASSWORD + "\n");
    Run first = scan("--format", "json", "--known-values", values.toString(), "docker-archive:" + image);
    assertThat(first.exit()).isEqualTo(4);
    assertThat(first.jsonLines()).hasSize(2);
    assertThat(first.err()).contains("warning: the value of known value values.txt:1 is shorter than 6 bytes");
    Path baseline = Files.writeString(dir.resolve("baseline.jsonl"), first.out());

    Run second = scan("--known-values", values.toString(), "--baseline", baseline.toString(), "docker-archive:" + image);

    assertThat(second.exit()).isZero();
    assertThat(second.out()).isEmpty();
    assertThat(second.err()).contains("2 findings are accepted by the baseline", "no secrets found");
  }

  @Test
  void theTextReportSaysWhatAFileLeakIsAndSarifIsOneDocument() throws IOException {
    Path image = leakyImage();
    Run text = scan("docker-archive:" + image);
    assertThat(text.exit()).isEqualTo(4);
    assertThat(text.out()).contains("/app/.npmrc:1 (layer 0, deleted later)  npm-token  npm_****",
        "added by history[0]: COPY . /");
    assertThat(text.err()).contains("1 finding in docker-archive:", "(1 deleted by a later layer but still in the image)");

    Run sarif = scan("--format", "sarif", "docker-archive:" + image);
    assertThat(JSON.readTree(sarif.out()).at("/runs/0/results")).hasSize(1);
  }

  @Test
  void badInputIsOneLineWithExitStatusTwo() {
    Run missing = scan("docker-archive:" + dir.resolve("nothing.tar"));
    assertThat(missing.exit()).isEqualTo(2);
    assertThat(missing.err().strip()).startsWith("error: no such file or directory").doesNotContain("\n")
        .doesNotContain("Exception");
    Run format = scan("--format", "xml", "docker-archive:x");
    assertThat(format.exit()).isEqualTo(2);
  }

  @Test
  void aCorruptArchiveIsOneLineWithExitStatusOne() throws IOException {
    Path image = leakyImage();
    byte[] bytes = Files.readAllBytes(image);
    // flip a byte inside the first layer's tar: its DiffID no longer matches
    String text = new String(bytes, StandardCharsets.ISO_8859_1);
    int at = text.indexOf("_authToken=") + 20;
    bytes[at] ^= 1;
    Path corrupt = Files.write(dir.resolve("corrupt.tar"), bytes);

    Run run = scan("docker-archive:" + corrupt);

    assertThat(run.exit()).isEqualTo(1);
    assertThat(run.err().strip()).startsWith("error: ").contains("layer 0").doesNotContain("\n")
        .doesNotContain("Exception");
    assertThat(run.out()).isEmpty();
  }
}
