package dev.stowage.scan.walk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stowage.oci.archive.LayerEntry;
import dev.stowage.oci.archive.TarHeader;
import dev.stowage.scan.Detection;
import dev.stowage.scan.Finding;
import dev.stowage.scan.Location;
import dev.stowage.scan.ScanException;
import dev.stowage.scan.ScanReport;
import dev.stowage.scan.TestImages;
import dev.stowage.scan.detect.Fingerprinter;
import dev.stowage.scan.detect.KnownValues;
import dev.stowage.scan.input.ImageInput;
import dev.stowage.scan.input.ImageOpener;
import dev.stowage.scan.input.ScanTarget;
import dev.stowage.scan.layer.LayerLimits;
import dev.stowage.oci.Digest;
import dev.stowage.oci.MediaType;
import dev.stowage.oci.Platform;
import dev.stowage.secrets.SecretValue;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageScannerTest {
  static final String GITHUB = "ghp_u8jzPde0IgxLd6GncfBAepfJBd0Kh8oOOL8d";
  static final String NPM = "npm_KLzdocJ2isAjIhKtJ0RlgLKOmxgJTeKdNnFR";
  static final String PASSWORD = "4y9ojfljoQoaF1LlqsajAIxN";

  @TempDir Path dir;

  private static final Fingerprinter FINGERPRINTS = Fingerprinter.withKey(new byte[32]);

  private static ScanReport scan(ScanTarget target, List<KnownValues.Named> known) {
    return new ImageScanner(known, FINGERPRINTS, LayerLimits.defaults()).scan(target);
  }

  private static LayerEntry file(String path, String content) {
    return LayerEntry.file(path, content.getBytes(StandardCharsets.UTF_8));
  }

  private static List<Finding> files(ScanReport report, String path) {
    return report.findings().stream()
        .filter(f -> f.location() instanceof Location.File l && l.path().equals(path)).toList();
  }

  private static Location.File fileLocation(Finding f) {
    return (Location.File) f.location();
  }

  @Test
  void aFileDeletedByALaterLayerIsFoundInTheLayerThatAddedIt() {
    TestImages images = new TestImages(dir)
        .layer("COPY app /app", LayerEntry.directory("app"),
            file("app/.npmrc", "//registry.npmjs.org/:_authToken=" + NPM + "\n"))
        .layer("RUN rm /app/.npmrc", LayerEntry.whiteout("app/.npmrc"));

    ScanReport report = scan(images.target(), List.of());

    assertThat(files(report, "app/.npmrc")).singleElement().satisfies(f -> {
      assertThat(f.rule()).isEqualTo("npm-token");
      assertThat(f.detection()).isEqualTo(Detection.PATTERN);
      Location.File l = fileLocation(f);
      assertThat(l.layer()).isZero();
      assertThat(l.deleted()).isTrue();
      assertThat(l.line()).isEqualTo(1);
      assertThat(l.addedBy()).hasValueSatisfying(a -> {
        assertThat(a.historyIndex()).isZero();
        assertThat(a.createdBy()).isEqualTo("COPY app /app");
      });
      assertThat(f.evidence().redacted()).isEqualTo("npm_****");
      assertThat(f.evidence().length()).isEqualTo(NPM.length());
    });
  }

  @Test
  void anOpaqueDirectoryOrAParentWhiteoutHidesWhatIsBelowIt() {
    TestImages images = new TestImages(dir)
        .layer("COPY . /", file("a/b/.env", "GITHUB_TOKEN=" + GITHUB + "\n"), file("c/.env", "TOKEN=" + GITHUB))
        .layer("RUN rm -rf /a && mkdir /c", LayerEntry.whiteout("a"), LayerEntry.directory("c"),
            LayerEntry.opaque("c"));

    ScanReport report = scan(images.target(), List.of());

    assertThat(files(report, "a/b/.env")).singleElement().satisfies(f -> assertThat(fileLocation(f).deleted()).isTrue());
    assertThat(files(report, "c/.env")).singleElement().satisfies(f -> assertThat(fileLocation(f).deleted()).isTrue());
  }

  @Test
  void anOverwrittenFileIsDeletedUnlessTheNewContentHoldsTheSameSecret() {
    TestImages images = new TestImages(dir)
        .layer("COPY .env /app/.env", file("app/.env", "GITHUB_TOKEN=" + GITHUB + "\n"),
            file("root/.npmrc", "//registry.npmjs.org/:_authToken=" + NPM + "\n"))
        .layer("RUN chmod 600 /root/.npmrc && echo > /app/.env", file("app/.env", "# injected at run time\n"),
            file("root/.npmrc", "//registry.npmjs.org/:_authToken=" + NPM + "\n"));

    ScanReport report = scan(images.target(), List.of());

    assertThat(files(report, "app/.env")).singleElement().satisfies(f -> assertThat(fileLocation(f).deleted()).isTrue());
    assertThat(files(report, "root/.npmrc")).hasSize(2)
        .allSatisfy(f -> assertThat(fileLocation(f).deleted()).isFalse());
  }

  @Test
  void knownValuesAreFoundEncodedAndTheirFindingsNameTheSecret() {
    SecretValue secret = SecretValue.ofUtf8(PASSWORD);
    String base64 = Base64.getEncoder().encodeToString(PASSWORD.getBytes(StandardCharsets.UTF_8));
    TestImages images = new TestImages(dir)
        .layer("RUN base64 /run/secrets/db > /etc/app/db.b64", file("etc/app/db.b64", base64 + "\n"));

    ScanReport report = scan(images.target(), List.of(new KnownValues.Named("secret 'db'", secret)));

    assertThat(files(report, "etc/app/db.b64")).singleElement().satisfies(f -> {
      assertThat(f.rule()).isEqualTo("known-value");
      assertThat(f.title()).isEqualTo("value of secret 'db' (base64)");
      assertThat(f.evidence().redacted()).isEqualTo("****");
    });
    assertThat(report.toString()).doesNotContain(PASSWORD).doesNotContain(base64);
  }

  @Test
  void aSecretFoundInTheConfigIsSearchedForInTheLayersInItsEncodings() {
    String hex = java.util.HexFormat.of().formatHex(GITHUB.getBytes(StandardCharsets.UTF_8));
    TestImages images = new TestImages(dir)
        .meta("ARG GITHUB_TOKEN")
        .layer("RUN |1 GITHUB_TOKEN=" + GITHUB + " /bin/sh -c echo $GITHUB_TOKEN | xxd -p > /opt/t",
            file("opt/t", hex + "\n"));

    ScanReport report = scan(images.target(), List.of());

    assertThat(report.findings()).anySatisfy(f -> {
      assertThat(f.location()).isEqualTo(new Location.History(1));
      assertThat(f.rule()).isEqualTo("github-token");
    });
    assertThat(files(report, "opt/t")).singleElement().satisfies(f -> {
      assertThat(f.rule()).isEqualTo("config-secret");
      assertThat(f.title()).contains("history[1]").contains("(hex)");
      assertThat(fileLocation(f).addedBy()).hasValueSatisfying(a ->
          assertThat(a.createdBy()).doesNotContain(GITHUB).contains("GITHUB_TOKEN=****"));
    });
  }

  @Test
  void envLabelsAndHistoryAreSearched() {
    TestImages images = new TestImages(dir)
        .meta("ENV MYSQL_ROOT_PASSWORD=" + PASSWORD)
        .meta("LABEL com.example.deploy-token=glpat-63FfkCzJr4i0B3JrTAwR")
        .env("MYSQL_ROOT_PASSWORD=" + PASSWORD)
        .env("PASSWORD_MIN_LENGTH=8")
        .env("DB_PASSWORD_FILE=/run/secrets/db")
        .label("com.example.deploy-token", "glpat-63FfkCzJr4i0B3JrTAwR")
        .label("com.example.auth.provider", "oidc")
        .layer("COPY app /app", file("app/README", "nothing here\n"));

    ScanReport report = scan(images.target(), List.of());

    assertThat(report.findings()).extracting(f -> f.location().describe() + " " + f.rule())
        .containsExactlyInAnyOrder(
            "env MYSQL_ROOT_PASSWORD secret-env",
            "label com.example.deploy-token gitlab-token",
            "history[0] generic-secret-assignment",
            "history[1] gitlab-token");
  }

  @Test
  void anEmptyFileUnderRunSecretsIsAMountStub() {
    TestImages images = new TestImages(dir)
        .layer("RUN --mount=type=secret,id=npmrc npm ci", LayerEntry.directory("run/secrets"),
            LayerEntry.of(TarHeader.file("run/secrets/npmrc", 0400, 0)), LayerEntry.of(TarHeader.file("app/empty", 0644, 0)));

    ScanReport report = scan(images.target(), List.of());

    assertThat(report.findings()).singleElement().satisfies(f -> {
      assertThat(f.rule()).isEqualTo("secret-mount-stub");
      assertThat(f.detection()).isEqualTo(Detection.MOUNT_STUB);
      assertThat(fileLocation(f).path()).isEqualTo("run/secrets/npmrc");
    });
  }

  @Test
  void aCleanImageHasNoFindings() {
    TestImages images = new TestImages(dir)
        .meta("ENV TOKEN_URL=https://auth.example.com/oauth/token AUTH_MODE=oidc")
        .env("TOKEN_URL=https://auth.example.com/oauth/token")
        .env("GPG_KEY=A035C8C19219BA821ECEA86B64E628F8D684696D")
        .layer("COPY . /app", file("app/.env.example", "DB_PASSWORD=changeme\nAPI_KEY=<your key>\n"),
            file("app/settings.py", "PASSWORD = os.environ['DB_PASSWORD']\n"),
            file("root/.ssh/authorized_keys", "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl ci\n"));

    ScanReport report = scan(images.target(), List.of(new KnownValues.Named("secret 'x'", SecretValue.ofUtf8(PASSWORD))));

    assertThat(report.findings()).isEmpty();
    assertThat(report.stats().layers()).isEqualTo(1);
    assertThat(report.stats().files()).isEqualTo(3);
  }

  @Test
  void aDockerArchiveIsReadThroughTheOpenerWithUncompressedLayers() {
    Path archive = new TestImages(dir)
        .layer("COPY id_rsa /root/.ssh/id_rsa", file("root/.ssh/id_rsa", PemKeys.RSA))
        .layer("RUN rm -f /root/.ssh/id_rsa", LayerEntry.whiteout("root/.ssh/id_rsa"))
        .dockerArchive(dir.resolve("image.tar"), "app:1");
    ImageOpener opener = new ImageOpener(dir.resolve("no-store"), () -> {
      throw new AssertionError("no registry");
    }, Platform.of("linux", "amd64"), List.of());

    ScanReport report;
    try (ScanTarget target = opener.open(ImageInput.parse("docker-archive:" + archive))) {
      report = scan(target, List.of());
    }

    assertThat(report.image()).contains("app:1");
    assertThat(files(report, "root/.ssh/id_rsa")).singleElement().satisfies(f -> {
      assertThat(f.rule()).isEqualTo("private-key");
      assertThat(fileLocation(f).deleted()).isTrue();
    });
  }

  @Test
  void aPathThatClimbsOutOfTheRootStopsTheScan() {
    byte[] tar = TestImages.tar(new byte[0], TarHeader.file("../../etc/cron.d/x", 0644, 0));
    TestImages images = new TestImages(dir)
        .rawLayer("COPY x /", tar, Digest.sha256(tar), MediaType.OCI_LAYER);

    assertThatThrownBy(() -> scan(images.target(), List.of()))
        .isInstanceOf(ScanException.class)
        .hasMessageContaining("layer 0")
        .hasMessageContaining("climbs out of the image root");
  }

  static Predicate<Finding> at(String path) {
    return f -> f.location() instanceof Location.File l && l.path().equals(path);
  }
}
