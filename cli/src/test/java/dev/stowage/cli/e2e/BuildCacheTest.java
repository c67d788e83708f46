package dev.stowage.cli.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.stowage.cli.common.ExitCode;
import dev.stowage.secrets.SecretFingerprint;
import dev.stowage.secrets.SecretValue;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The build cache end to end, as BuildKit behaves: a rebuild reports every step CACHED and gives the same image ID;
 * an edited context file rebuilds from its COPY on, a touched one does not; {@code --no-cache} runs everything; a
 * changed secret keeps the cache (with a warning), unless {@code --secret-cache=by-content}; an entry whose blob is
 * gone is a miss, and is repaired. Real runc and overlayfs; needs root.
 */
@Tag("linux-root")
class BuildCacheTest {
  private static final Pattern CACHED = Pattern.compile("(?m)^#\\d+ CACHED$");
  private static final ObjectMapper JSON = new ObjectMapper();
  /** Five steps: WORKDIR, COPY a, RUN with a secret, COPY b, RUN. The RUNs stamp the time. */
  private static final String DOCKERFILE = """
      FROM cache-base:1
      WORKDIR /app
      COPY a.txt /app/
      RUN --mount=type=secret,id=tok test -s /run/secrets/tok && cat /app/a.txt > /app/out && date +%s%N > /app/s1
      COPY b.txt /app/
      RUN cat /app/b.txt >> /app/out && date +%s%N > /app/s2
      """;
  @TempDir static Path work;
  private static Path state;

  @BeforeAll
  static void baseImage() throws IOException {
    state = BusyboxBase.build(work, "cache-base:1", false);
  }

  @Test
  void aRebuildIsCachedStepByStepAndGivesTheSameImage() throws IOException {
    Path context = context();
    Result first = build(context, "first-secret-value");
    assertThat(first.code()).as(first.text()).isZero();
    assertThat(cached(first)).as(first.text()).isLessThanOrEqualTo(1); // WORKDIR /app may come from another test

    // New mtimes and a new secret value change nothing the cache keys on.
    Files.setLastModifiedTime(context.resolve("a.txt"), FileTime.from(Instant.parse("2001-01-01T00:00:00Z")));
    Files.setLastModifiedTime(context.resolve("b.txt"), FileTime.from(Instant.parse("2001-01-01T00:00:00Z")));
    Result second = build(context, "a-different-secret-value");
    assertThat(second.code()).as(second.text()).isZero();
    assertThat(cached(second)).as(second.text()).isEqualTo(5);
    assertThat(second.text()).contains("secret contents are not part of the cache key")
        .doesNotContain("a-different-secret-value");
    assertThat(imageId(second)).isEqualTo(imageId(first));
  }

  @Test
  void bySecretContentAChangedSecretRerunsItsStepAndNeitherTheSecretNorItsHmacIsKept() throws IOException {
    Path context = context();
    try (Canary first = new Canary(); Canary second = new Canary()) {
      List<Result> results = new ArrayList<>();
      Result made = build(context, first.value());
      results.add(made);
      assertThat(made.code()).as(made.text()).isZero();
      Result byId = build(context, second.value());
      results.add(byId);
      assertThat(cached(byId)).as(byId.text()).isEqualTo(5); // BuildKit's behaviour: the new value is not seen
      assertThat(state.resolve("cache").resolve("secret-cache.key")).doesNotExist();

      // By content, the RUN that mounts the secret (and every step after it) runs again with the new value.
      Result changed = build(context, second.value(), "--secret-cache=by-content");
      results.add(changed);
      assertThat(changed.code()).as(changed.text()).isZero();
      assertThat(cached(changed)).as(changed.text()).isEqualTo(2);
      assertThat(changed.text()).containsPattern("(?m)^#(\\d+) \\[0 3/5\\] RUN --mount=type=secret.*\\n#\\1 DONE");
      Result same = build(context, second.value(), "--secret-cache", "by-content");
      results.add(same);
      assertThat(cached(same)).as(same.text()).isEqualTo(5);
      assertThat(imageId(same)).isEqualTo(imageId(changed));
      Result back = build(context, first.value(), "--secret-cache=by-content");
      results.add(back);
      assertThat(cached(back)).as(back.text()).isEqualTo(2);
      for (Result r : List.of(changed, same, back)) {
        assertThat(r.text()).doesNotContain("secret contents are not part of the cache key");
      }

      Path keyFile = state.resolve("cache").resolve("secret-cache.key");
      assertThat(keyFile).isRegularFile().hasSize(32);
      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(keyFile))).isEqualTo("rw-------");
      assertThat(first.filesHolding(state)).isEmpty();
      assertThat(second.filesHolding(state)).isEmpty();
      for (Canary canary : List.of(first, second)) {
        byte[] hmac = hmacOf(canary.value(), keyFile);
        try (Canary hex = new Canary(HexFormat.of().formatHex(hmac))) {
          assertThat(hex.filesHolding(state)).isEmpty();
          for (Result r : results) {
            assertThat(hex.foundIn(r.text())).isEmpty();
            assertThat(canary.foundIn(r.text())).isEmpty();
          }
        }
        assertThat(filesHoldingBytes(hmac, state)).isEmpty();
      }
    }
    assertThat(build(context(), "x".repeat(8), "--secret-cache=by-value").code()).isEqualTo(ExitCode.USAGE);
  }

  @Test
  void editingOneContextFileRebuildsFromItsCopyOn() throws IOException {
    Path context = context();
    Result first = build(context, "secret-for-edit");
    assertThat(first.code()).as(first.text()).isZero();

    Files.writeString(context.resolve("b.txt"), "b edited " + UUID.randomUUID() + "\n");
    Result second = build(context, "secret-for-edit");
    assertThat(second.code()).as(second.text()).isZero();
    assertThat(cached(second)).as(second.text()).isEqualTo(3);
    assertThat(second.text()).containsPattern("(?m)^#\\d+ \\[0 1/5\\] WORKDIR /app\\n#\\d+ CACHED$")
        .containsPattern("(?m)^#(\\d+) \\[0 4/5\\] COPY b.txt /app/\\n#\\1 DONE");
    assertThat(imageId(second)).isNotEqualTo(imageId(first));
  }

  @Test
  void noCacheRunsEveryStepAndTheFilterOnlyItsStage() throws IOException {
    Path context = context();
    Result first = build(context, "secret-for-no-cache");
    assertThat(first.code()).as(first.text()).isZero();

    Result again = build(context, "secret-for-no-cache", "--no-cache");
    assertThat(again.code()).as(again.text()).isZero();
    assertThat(cached(again)).as(again.text()).isZero();
    assertThat(imageId(again)).isNotEqualTo(imageId(first));

    Result filtered = build(context, "secret-for-no-cache", "--no-cache-filter", "0");
    assertThat(cached(filtered)).as(filtered.text()).isZero();
    Result other = build(context, "secret-for-no-cache", "--no-cache-filter", "builder");
    assertThat(cached(other)).as(other.text()).isEqualTo(5);
  }

  @Test
  void multiStageRebuildsAreCachedAndTheFilterRerunsOneStageAndWhatCopiesFromIt() throws IOException {
    Path context = context();
    Files.writeString(context.resolve("Dockerfile"), """
        FROM cache-base:1 AS builder
        COPY a.txt /a.txt
        RUN cat /a.txt > /built && date +%s%N >> /built
        FROM cache-base:1 AS final
        COPY --from=builder /built /built
        FROM final
        ENV DONE=1
        """);
    Result first = build(context, "secret-for-stages");
    assertThat(first.code()).as(first.text()).isZero();
    Result second = build(context, "secret-for-stages");
    assertThat(cached(second)).as(second.text()).isEqualTo(3);
    assertThat(imageId(second)).isEqualTo(imageId(first));

    // The builder runs again; its RUN makes a new layer, so the COPY --from it runs again too.
    sleepPastTheSecond();
    Result filtered = build(context, "secret-for-stages", "--no-cache-filter", "builder");
    assertThat(filtered.code()).as(filtered.text()).isZero();
    assertThat(cached(filtered)).as(filtered.text()).isZero();
    assertThat(imageId(filtered)).isNotEqualTo(imageId(first));
  }

  @Test
  void anEntryWhoseBlobIsGoneIsAMissAndIsRepaired() throws IOException {
    Path context = context();
    Result first = build(context, "secret-for-repair");
    assertThat(first.code()).as(first.text()).isZero();

    // Delete the blob of the image's last layer (the second RUN) from the store.
    JsonNode config = JSON.readTree(blob(imageId(first)).toFile());
    JsonNode diffIds = config.path("rootfs").path("diff_ids");
    String lastDiffId = diffIds.get(diffIds.size() - 1).asText();
    Path entry = entryFor(lastDiffId);
    String layerDigest = JSON.readTree(entry.toFile()).path("layer").path("digest").asText();
    Files.delete(blob(layerDigest));

    Result second = build(context, "secret-for-repair");
    assertThat(second.code()).as(second.text()).isZero();
    assertThat(cached(second)).as(second.text()).isEqualTo(4);
    // The same key now holds the rerun's layer, whose blob is in the store.
    assertThat(entryFor(lastDiffIdOf(imageId(second)))).isEqualTo(entry);
    String repaired = JSON.readTree(entry.toFile()).path("layer").path("digest").asText();
    assertThat(blob(repaired)).exists();
    assertThat(cached(build(context, "secret-for-repair"))).isEqualTo(5);
  }

  @Test
  void aCachedLayerIsSearchedForTheSecretsOfTheBuildThatReusesIt() throws IOException {
    Path context = context();
    String value = "became-a-secret-" + UUID.randomUUID();
    Files.writeString(context.resolve("a.txt"), value + "\n");
    Files.writeString(context.resolve("Dockerfile"), "FROM cache-base:1\nCOPY a.txt /f\n");
    Result first = stowage("build", "--root", state.toString(), context.toString());
    assertThat(first.code()).as(first.text()).isZero();

    // The same step, now with that value as a secret: the cached layer holds it, so the build must stop.
    Result second = build(context, value);
    assertThat(second.code()).as(second.text()).isEqualTo(ExitCode.LEAK);
    assertThat(second.text()).contains("(COPY a.txt /f, cached)").doesNotContain(value);
  }

  @Test
  void pruneKeepsNamedImagesAndPruneAllEmptiesTheStore() throws IOException {
    Path root = work.resolve("prune-state");
    Path base = work.resolve("base");
    Result named = stowage("build", "--root", root.toString(), "-t", "kept:1", base.toString());
    assertThat(named.code()).as(named.text()).isZero();
    Path context = context();
    Files.writeString(context.resolve("Dockerfile"), "FROM kept:1\nCOPY a.txt /a.txt\nRUN cat /a.txt > /b.txt\n");
    Result unnamed = stowage("build", "--root", root.toString(), "--progress", "plain", context.toString());
    assertThat(unnamed.code()).as(unnamed.text()).isZero();
    assertThat(stowage("df", "--root", root.toString()).text()).containsPattern("Build cache +4 ");

    Result pruned = stowage("prune", "-f", "--root", root.toString());
    assertThat(pruned.code()).as(pruned.text()).isZero();
    assertThat(pruned.text()).contains("Deleted build cache entries: 4");
    assertThat(stowage("df", "--root", root.toString()).text()).containsPattern("Build cache +0 +0B")
        .containsPattern("Images +1 ");
    // The named image still builds on; nothing comes from the cache any more.
    Result rebuilt = stowage("build", "--root", root.toString(), "--progress", "plain", context.toString());
    assertThat(rebuilt.code()).as(rebuilt.text()).isZero();
    assertThat(cached(rebuilt)).isZero();

    Result all = stowage("prune", "-a", "-f", "--root", root.toString());
    assertThat(all.code()).as(all.text()).isZero();
    try (var blobs = Files.walk(root.resolve("store").resolve("blobs"))) {
      assertThat(blobs.filter(Files::isRegularFile).toList()).isEmpty();
    }
    try (var snapshots = Files.list(root.resolve("snapshots"))) {
      assertThat(snapshots.map(p -> p.getFileName().toString()).filter(n -> n.startsWith("sha256-")).toList())
          .isEmpty();
    }
    assertThat(stowage("df", "--root", root.toString()).text()).containsPattern("Images +0 +0B")
        .containsPattern("Blobs +0 +0B");
  }

  // ---------------------------------------------------------------- helpers

  /** The HMAC a by-content key took of {@code secret}, with the state directory's key. */
  private static byte[] hmacOf(String secret, Path keyFile) throws IOException {
    try (SecretValue value = SecretValue.ofUtf8(secret);
        SecretValue key = SecretValue.copyOf(Files.readAllBytes(keyFile))) {
      return SecretFingerprint.hmac(value, key);
    }
  }

  /** Files under {@code root} whose bytes hold {@code needle} as they are stored. */
  private static List<Path> filesHoldingBytes(byte[] needle, Path root) throws IOException {
    List<Path> hits = new ArrayList<>();
    try (var files = Files.walk(root)) {
      for (Path file : files.filter(Files::isRegularFile).toList()) {
        byte[] bytes = Files.readAllBytes(file);
        for (int i = 0; i + needle.length <= bytes.length; i++) {
          if (java.util.Arrays.equals(bytes, i, i + needle.length, needle, 0, needle.length)) {
            hits.add(file);
            break;
          }
        }
      }
    }
    return hits;
  }

  private static Path context() throws IOException {
    Path context = Files.createTempDirectory(work, "ctx");
    // Unique content per test, so the tests share a store without sharing cache entries.
    Files.writeString(context.resolve("a.txt"), "a " + UUID.randomUUID() + "\n");
    Files.writeString(context.resolve("b.txt"), "b " + UUID.randomUUID() + "\n");
    Files.writeString(context.resolve("Dockerfile"), DOCKERFILE);
    return context;
  }

  private static Result build(Path context, String secret, String... flags) throws IOException {
    Path secretFile = Files.createTempFile(work, "secret", "");
    Files.writeString(secretFile, secret);
    Path iid = Files.createTempFile(work, "iid", "");
    List<String> args = new ArrayList<>(List.of("build", "--root", state.toString(), "--progress", "plain",
        "--iidfile", iid.toString(), "--secret", "id=tok,src=" + secretFile));
    args.addAll(List.of(flags));
    args.add(context.toString());
    Result r = stowage(args.toArray(String[]::new));
    return new Result(r.code(), r.out(), r.err(), r.code() == 0 ? Files.readString(iid) : "");
  }

  /** busybox date has no %N: wait for the next second so a rerun's output differs. */
  private static void sleepPastTheSecond() {
    try {
      Thread.sleep(1100);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static int cached(Result r) {
    Matcher m = CACHED.matcher(r.text());
    int n = 0;
    while (m.find()) {
      n++;
    }
    return n;
  }

  private static String imageId(Result r) {
    assertThat(r.imageId()).as(r.text()).startsWith("sha256:");
    return r.imageId();
  }

  private static Path blob(String digest) {
    String[] parts = digest.split(":", 2);
    return state.resolve("store").resolve("blobs").resolve(parts[0]).resolve(parts[1]);
  }

  private static String lastDiffIdOf(String imageId) throws IOException {
    JsonNode diffIds = JSON.readTree(blob(imageId).toFile()).path("rootfs").path("diff_ids");
    return diffIds.get(diffIds.size() - 1).asText();
  }

  private static Path entryFor(String diffId) throws IOException {
    try (var files = Files.list(state.resolve("cache").resolve("keys"))) {
      for (Path file : files.filter(p -> p.toString().endsWith(".json")).toList()) {
        if (JSON.readTree(file.toFile()).path("diffId").asText().equals(diffId)) {
          return file;
        }
      }
    }
    throw new AssertionError("no cache entry for the layer " + diffId);
  }

  private record Result(int code, String out, String err, String imageId) {
    String text() {
      return out + err;
    }
  }

  private static Result stowage(String... args) {
    InProcessCli.Output r = InProcessCli.run(args);
    return new Result(r.code(), r.out(), r.err(), "");
  }

}
