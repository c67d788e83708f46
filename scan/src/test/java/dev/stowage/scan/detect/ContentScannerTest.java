package dev.stowage.scan.detect;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stowage.detect.Confidence;
import dev.stowage.detect.CredentialFiles;
import dev.stowage.detect.CredentialMatch;
import dev.stowage.detect.CredentialPatterns;
import dev.stowage.detect.FileAssessment;
import dev.stowage.scan.Detection;
import dev.stowage.secrets.SecretValue;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ContentScannerTest {
  private static final Fingerprinter FINGERPRINTS = Fingerprinter.withKey(new byte[32]);
  private static final String NPM = "npm_KLzdocJ2isAjIhKtJ0RlgLKOmxgJTeKdNnFR";

  static String resource(String name) throws IOException {
    try (InputStream in = ContentScannerTest.class.getResourceAsStream("/" + name)) {
      assertThat(in).as(name).isNotNull();
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  private static List<FileHit> scan(ContentScanner scanner, String path, byte[] content, int chunk) {
    ContentScanner.FileScan scan = scanner.start(path, content.length);
    for (int i = 0; i < content.length; i += chunk) {
      scan.feed(content, i, Math.min(chunk, content.length - i));
    }
    return scan.finish();
  }

  private static List<FileHit> scan(String path, String content) {
    return scan(new ContentScanner(KnownValues.none(), FINGERPRINTS), path, content.getBytes(StandardCharsets.UTF_8),
        8192);
  }

  /** The image scanner and lint agree on every credential-file fixture: one implementation, two readers. */
  @TestFactory
  Stream<DynamicTest> agreesWithCredentialFileAssessment() throws IOException {
    return resource("files/expectations.tsv").lines()
        .filter(line -> !line.isBlank() && !line.startsWith("#"))
        .map(line -> line.split("\t"))
        .map(cols -> DynamicTest.dynamicTest(cols[0] + " -> " + cols[1], () -> {
          String content = resource("files/" + cols[0]);
          FileAssessment expected = CredentialFiles.assess(cols[0], content);
          List<FileHit> hits = scan(cols[0], content);
          assertThat(!hits.isEmpty()).as("%s: %s", cols[0], hits).isEqualTo(expected.holdsCredential());
          assertThat(expected.verdict().name()).isEqualTo(cols[1]);
        }));
  }

  /**
   * Streaming with keyword windows finds what the patterns find over the whole text, whatever the chunk size and
   * however far into a large file the credentials are.
   */
  @ParameterizedTest
  @ValueSource(ints = {1, 7, 500, 4096, 65536, 1 << 20})
  void streamingFindsWhatTheWholeTextHolds(int chunk) throws IOException {
    StringBuilder text = new StringBuilder();
    String filler = "lorem ipsum dolor sit amet, consectetur adipiscing elit\n".repeat(1300);
    List<String> fixtures = List.of("files/config/app.yaml", "files/config/db.yaml", "files/ssh/id_ed25519",
        "files/keys/rsa-private.pem", "files/aws/real/.aws/credentials", "files/docker/with-auth/.docker/config.json",
        "files/git/.git-credentials", "files/dotenv/real/.env", "files/npm/with-token/.npmrc");
    for (String fixture : fixtures) {
      text.append(filler).append(resource(fixture)).append('\n');
    }
    text.append(filler);
    String all = text.toString();
    List<String> expected = new ArrayList<>();
    for (CredentialMatch m : CredentialPatterns.find(all, Confidence.GENERIC)) {
      expected.add(m.patternId() + " " + FINGERPRINTS.of(all.substring(m.secretStart(), m.secretEnd())));
    }

    List<FileHit> hits = scan(new ContentScanner(KnownValues.none(), FINGERPRINTS), "etc/all.conf",
        all.getBytes(StandardCharsets.UTF_8), chunk);

    assertThat(hits).extracting(h -> h.rule() + " " + h.evidence().fingerprint())
        .containsExactlyInAnyOrderElementsOf(expected.stream().distinct().toList());
    assertThat(expected).hasSizeGreaterThanOrEqualTo(fixtures.size());
  }

  @Test
  void lineNumbersCountFromOneAcrossCompactedBuffers() {
    String text = "x\n".repeat(100_000) + "token=" + NPM + "\n";
    List<FileHit> hits = scan(new ContentScanner(KnownValues.none(), FINGERPRINTS), "a.txt",
        text.getBytes(StandardCharsets.UTF_8), 1000);
    assertThat(hits).singleElement().satisfies(h -> {
      assertThat(h.rule()).isEqualTo("npm-token");
      assertThat(h.line()).isEqualTo(100_001);
    });
  }

  @Test
  void keywordAssignmentsCountOnlyInConfigurationAndCredentialFiles() {
    String line = "SECRET_KEY = '#41+*h6ml2h)u==14j9z%_l2p&_o&%'\n";
    assertThat(scan("app/settings.ini", line)).singleElement()
        .satisfies(h -> assertThat(h.detection()).isEqualTo(Detection.GENERIC));
    assertThat(scan("app/settings.py", line)).isEmpty();
  }

  @Test
  void knownValuesAreFoundAcrossChunkBoundariesInEveryEncoding() {
    String secret = "4y9ojfljoQoaF1LlqsajAIxN";
    try (SecretValue value = SecretValue.ofUtf8(secret);
        KnownValues known = KnownValues.of(List.of(new KnownValues.Named("secret 'db'", value)), FINGERPRINTS)) {
      String content = "a".repeat(70_000) + Base64.getEncoder().encodeToString(secret.getBytes(StandardCharsets.UTF_8))
          + "\n" + "b".repeat(70_000) + java.util.HexFormat.of().formatHex(secret.getBytes(StandardCharsets.UTF_8));
      List<FileHit> hits = scan(new ContentScanner(known, FINGERPRINTS), "data.bin",
          content.getBytes(StandardCharsets.UTF_8), 13);
      assertThat(hits).extracting(FileHit::title)
          .containsExactly("value of secret 'db' (base64)", "value of secret 'db' (hex)");
      assertThat(hits).allSatisfy(h -> assertThat(h.rule()).isEqualTo("known-value"));
    }
  }

  @Test
  void aProvidedValueStandsForTheFormatFindingOfTheSameSecret() {
    try (SecretValue value = SecretValue.ofUtf8("//registry.npmjs.org/:_authToken=" + NPM + "\n");
        KnownValues known = KnownValues.of(List.of(new KnownValues.Named("secret 'npmrc'", value)), FINGERPRINTS)) {
      List<FileHit> hits = scan(new ContentScanner(known, FINGERPRINTS), "root/.npmrc",
          ("//registry.npmjs.org/:_authToken=" + NPM + "\n").getBytes(StandardCharsets.UTF_8), 5);
      assertThat(hits).singleElement().satisfies(h -> {
        assertThat(h.rule()).isEqualTo("known-value");
        assertThat(h.evidence().length()).isEqualTo(34 + NPM.length());
      });
    }
  }

  @Test
  void aBinaryKeyStoreIsReportedByItsName() {
    byte[] p12 = new byte[2048];
    new java.util.Random(1).nextBytes(p12);
    p12[3] = 0;
    List<FileHit> hits = scan(new ContentScanner(KnownValues.none(), FINGERPRINTS), "etc/ssl/server.p12", p12, 512);
    assertThat(hits).singleElement().satisfies(h -> {
      assertThat(h.rule()).isEqualTo("keystore");
      assertThat(h.detection()).isEqualTo(Detection.CREDENTIAL_FILE);
      assertThat(h.evidence().length()).isEqualTo(2048);
    });
  }

  @Test
  void inABinaryOnlyMatchesThatAreTextCount() throws IOException {
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    out.write(new byte[] {0x7f, 'E', 'L', 'F', 0, 0, 0});
    // bytes of a Go binary that the -u user:password pattern matches if control bytes count as text
    out.write(new byte[] {' ', '-', 'u', 1, 8, '8', 'j', 0, (byte) 0xa0, '-', 'u', 1, '`', '8', 'j', 0, '`', '/', 'u',
        1, (byte) 0xb8, '8', 'j', ':', 'j', 0, (byte) 0x80, '0', 'u', 1, 0x10, '9', 'j', 'x', 'y', 'z'});
    out.write(new byte[100]);
    out.write(resource("files/keys/rsa-private.pem").getBytes(StandardCharsets.US_ASCII));
    out.write(new byte[100]);
    List<FileHit> hits = scan(new ContentScanner(KnownValues.none(), FINGERPRINTS), "usr/bin/tool", out.toByteArray(),
        4096);
    assertThat(hits).extracting(FileHit::rule).containsExactly("private-key");
    assertThat(hits.getFirst().line()).isZero();
  }

  @Test
  void aFileOfKeywordsWithoutCredentialsFindsNothing() {
    String text = "token password secret api_key -u --user :// eyJ AKIA ghp_ npm_ xox \"auth\" private key\n";
    assertThat(scan("etc/app.conf", text.repeat(20_000))).isEmpty();
  }
}
