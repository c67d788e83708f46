package dev.stowage.engine.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stowage.dockerfile.parse.DockerfileParser;
import dev.stowage.engine.plan.PlannedMount;
import dev.stowage.engine.plan.PlannedStep;
import dev.stowage.oci.Digest;
import dev.stowage.secrets.SecretId;
import dev.stowage.secrets.SecretStore;
import dev.stowage.secrets.SecretValue;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SecretCacheKeyTest {
  private static final PlannedStep.Run RUN = new PlannedStep.Run(
      DockerfileParser.parse("FROM scratch\nRUN true\n", "Dockerfile").dockerfile().stages().get(0).body().get(0),
      "RUN make", List.of("/bin/sh", "-c", "make"), List.of(), "/", "", "default", false,
      List.of(new PlannedMount.Secret("tok", Optional.of("/run/secrets/tok"), Optional.empty(), false, 0400, 0, 0),
          new PlannedMount.Secret("tok", Optional.of("/other"), Optional.empty(), false, 0400, 0, 0),
          new PlannedMount.Secret("optional", Optional.empty(), Optional.of("OPT"), false, 0400, 0, 0)),
      List.of());
  private static final Digest PARENT = Digest.sha256("parent");

  @TempDir Path cacheDir;

  @Test
  void theKeyIsMadeOnFirstUseWithModeSixHundredAndKept() throws Exception {
    SecretCacheKey key = new SecretCacheKey(cacheDir);
    assertThat(key.file()).isEqualTo(cacheDir.resolve("secret-cache.key")).doesNotExist();
    Digest first = keyOf(key, "value-one");
    assertThat(key.file()).isRegularFile().hasSize(32);
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(key.file()))).isEqualTo("rw-------");
    byte[] stored = Files.readAllBytes(key.file());

    // Another build of the same state directory reads the same key: the same secret gives the same step key.
    SecretCacheKey again = new SecretCacheKey(cacheDir);
    assertThat(keyOf(again, "value-one")).isEqualTo(first);
    assertThat(keyOf(again, "value-two")).isNotEqualTo(first);
    assertThat(Files.readAllBytes(key.file())).isEqualTo(stored);
    try (var files = Files.list(cacheDir)) {
      assertThat(files.map(p -> p.getFileName().toString())).containsExactly("secret-cache.key");
    }
    assertThat(key.toString()).doesNotContain(new String(stored, java.nio.charset.StandardCharsets.ISO_8859_1));
  }

  @Test
  void closingForgetsTheKeyInMemoryAndTheNextUseReadsTheSameKeyAgain() throws Exception {
    SecretCacheKey key = new SecretCacheKey(cacheDir);
    Digest before = keyOf(key, "some-value");
    key.close();
    key.close(); // twice is fine
    assertThat(keyOf(key, "some-value")).isEqualTo(before);
  }

  @Test
  void anotherStateDirectoryHasAnotherKey() throws Exception {
    Path other = Files.createDirectories(cacheDir.resolve("other"));
    assertThat(keyOf(new SecretCacheKey(cacheDir), "same-value"))
        .isNotEqualTo(keyOf(new SecretCacheKey(other), "same-value"));
  }

  @Test
  void buildsStartingTogetherAgreeOnOneKey() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<Digest>> keys = new ArrayList<>();
      for (int i = 0; i < 8; i++) {
        Callable<Digest> task = () -> keyOf(new SecretCacheKey(cacheDir), "raced-value");
        keys.add(pool.submit(task));
      }
      Set<Digest> distinct = new java.util.HashSet<>();
      for (Future<Digest> f : keys) {
        distinct.add(f.get());
      }
      assertThat(distinct).hasSize(1);
    } finally {
      pool.shutdownNow();
    }
    try (var files = Files.list(cacheDir)) {
      assertThat(files.map(p -> p.getFileName().toString())).containsExactly("secret-cache.key");
    }
  }

  @Test
  void aKeyReadableByOthersIsTakenBackAndAWrongSizedOneIsRefused() throws Exception {
    SecretCacheKey key = new SecretCacheKey(cacheDir);
    Digest first = keyOf(key, "v");
    Files.setPosixFilePermissions(key.file(), PosixFilePermissions.fromString("rw-r--r--"));
    assertThat(keyOf(new SecretCacheKey(cacheDir), "v")).isEqualTo(first);
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(key.file()))).isEqualTo("rw-------");

    Files.write(key.file(), new byte[7]);
    assertThatThrownBy(() -> keyOf(new SecretCacheKey(cacheDir), "v")).isInstanceOf(IllegalStateException.class)
        .hasMessage("the secret cache key " + key.file() + " holds 7 bytes, not 32; remove it (steps built with"
            + " --secret-cache=by-content then run once more)");
  }

  @Test
  void onlyTheSecretsTheStepMountsAreFingerprintedAndAMissingOneIsNotAsked() throws Exception {
    Map<String, Integer> asked = new HashMap<>();
    SecretStore store = new SecretStore() {
      @Override
      public Optional<SecretValue> get(SecretId id) {
        asked.merge(id.value(), 1, Integer::sum);
        return id.value().equals("tok") ? Optional.of(SecretValue.ofUtf8("token-value")) : Optional.empty();
      }

      @Override
      public Set<SecretId> ids() {
        return Set.of(new SecretId("tok"));
      }
    };
    SecretFingerprints fingerprints = new SecretCacheKey(cacheDir).fingerprints(RUN, store);
    assertThat(asked).containsOnlyKeys("tok", "optional").containsEntry("tok", 1);
    assertThat(fingerprints.of("tok")).isPresent();
    assertThat(fingerprints.of("optional")).isEmpty();
    assertThat(fingerprints.toString()).isEqualTo("SecretFingerprints[1 secrets]");
  }

  private static Digest keyOf(SecretCacheKey key, String value) {
    SecretStore store = new SecretStore() {
      @Override
      public Optional<SecretValue> get(SecretId id) {
        return id.value().equals("tok") ? Optional.of(SecretValue.ofUtf8(value)) : Optional.empty();
      }

      @Override
      public Set<SecretId> ids() {
        return Set.of(new SecretId("tok"));
      }
    };
    return StepKeys.run(PARENT, RUN, "host", List.of(), key.fingerprints(RUN, store));
  }
}
