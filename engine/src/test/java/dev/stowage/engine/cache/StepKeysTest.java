package dev.stowage.engine.cache;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stowage.dockerfile.ast.Instruction;
import dev.stowage.dockerfile.parse.DockerfileParser;
import dev.stowage.engine.plan.CopySource;
import dev.stowage.engine.plan.InlineFile;
import dev.stowage.engine.plan.PlannedMount;
import dev.stowage.engine.plan.PlannedStep;
import dev.stowage.oci.Digest;
import dev.stowage.secrets.SecretFingerprint;
import dev.stowage.secrets.SecretValue;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

class StepKeysTest {
  private static final Instruction RUN_LINE = instruction("RUN true");
  private static final Instruction OTHER_LINE = instruction("RUN echo moved to another line");
  private static final Digest PARENT = StepKeys.base(List.of(Digest.sha256("layer one")));
  private static final Digest SOURCE = Digest.sha256("context bytes");

  private static final PlannedMount.Secret SECRET =
      new PlannedMount.Secret("tok", Optional.of("/run/secrets/tok"), Optional.empty(), false, 0400, 0, 0);
  private static final PlannedMount.Secret OTHER_SECRET =
      new PlannedMount.Secret("npmrc", Optional.empty(), Optional.of("NPM_TOKEN"), true, 0400, 0, 0);
  private static final PlannedMount.Bind BIND =
      new PlannedMount.Bind(Optional.of("/src"), new CopySource.Context(), "src", false);
  private static final PlannedStep.Run RUN = new PlannedStep.Run(RUN_LINE, "RUN make", List.of("/bin/sh", "-c",
      "make"), List.of("PATH=/bin", "A=1"), "/app", "", "default", false, List.of(SECRET, BIND), List.of());
  private static final PlannedStep.Copy COPY = new PlannedStep.Copy(RUN_LINE, "COPY . /app", new CopySource.Context(),
      List.of("."), List.of(), "/app/", Optional.empty(), Optional.empty(), false, false, List.of(), false, "");
  private static final PlannedStep.Workdir WORKDIR = new PlannedStep.Workdir(RUN_LINE, "WORKDIR /app", "/app", "");

  private static Digest run(PlannedStep.Run run) {
    List<Digest> binds = run.mounts().stream().filter(m -> m instanceof PlannedMount.Bind).map(m -> SOURCE).toList();
    return StepKeys.run(PARENT, run, "host", binds);
  }

  /** The by-content key of {@code run}, given these secret values (by id) and a fixed HMAC key. */
  private static Digest byContent(PlannedStep.Run run, Map<String, String> secrets) {
    Map<String, byte[]> fingerprints = new java.util.LinkedHashMap<>();
    try (SecretValue key = SecretValue.copyOf(new byte[SecretFingerprint.KEY_BYTES])) {
      secrets.forEach((id, value) -> {
        try (SecretValue secret = SecretValue.ofUtf8(value)) {
          fingerprints.put(id, SecretFingerprint.hmac(secret, key));
        }
      });
    }
    List<Digest> binds = run.mounts().stream().filter(m -> m instanceof PlannedMount.Bind).map(m -> SOURCE).toList();
    return StepKeys.run(PARENT, run, "host", binds, SecretFingerprints.of(fingerprints));
  }

  private static PlannedStep.Run withMounts(PlannedMount... mounts) {
    return new PlannedStep.Run(RUN.instruction(), RUN.title(), RUN.argv(), RUN.env(), RUN.workdir(), RUN.user(),
        RUN.network(), RUN.insecure(), List.of(mounts), RUN.inlineFiles());
  }

  /**
   * Taken from the code before {@code --secret-cache} existed: with by-id the key must stay byte-identical, or every
   * existing cache entry would miss once.
   */
  @Test
  void aByIdRunKeyIsTheSameAsBeforeSecretCacheModesExisted() {
    assertThat(run(RUN).toString())
        .isEqualTo("sha256:a8807691adeaf9a4c8e4dc214cb1e47fa27443fca936c07c57a5bd8c170c91e4");
    assertThat(StepKeys.run(PARENT, withMounts(SECRET, OTHER_SECRET), "none", List.of()).toString())
        .isEqualTo("sha256:aa990d5ab0ef172d878bb40ad13d2f45bb680fe1c62b43c7a173512773ac03df");
  }

  @Test
  void aByContentKeyFollowsTheSecretsBytes() {
    PlannedStep.Run run = withMounts(SECRET, BIND);
    Digest byId = run(run);
    Digest first = byContent(run, Map.of("tok", "first-value"));
    assertThat(byContent(run, Map.of("tok", "first-value"))).isEqualTo(first);
    assertThat(byContent(run, Map.of("tok", "second-value"))).isNotEqualTo(first);
    assertThat(first).isNotEqualTo(byId);
    // A secret the build was not given keys apart from any value, and from the by-id key of the same step.
    Digest absent = byContent(run, Map.of());
    assertThat(absent).isNotEqualTo(first).isNotEqualTo(byId);
    // Fingerprints of secrets the step does not mount change nothing.
    assertThat(byContent(run, Map.of("tok", "first-value", "unused", "x"))).isEqualTo(first);
  }

  @Test
  void aByContentKeyDoesNotDependOnTheOrderTheSecretsAreGivenIn() {
    PlannedStep.Run run = withMounts(SECRET, OTHER_SECRET);
    Map<String, String> oneOrder = new java.util.LinkedHashMap<>();
    oneOrder.put("tok", "token-value");
    oneOrder.put("npmrc", "npm-value");
    Map<String, String> otherOrder = new java.util.LinkedHashMap<>();
    otherOrder.put("npmrc", "npm-value");
    otherOrder.put("tok", "token-value");
    assertThat(byContent(run, oneOrder)).isEqualTo(byContent(run, otherOrder));
    // Each mount keys on its own secret: swapping the two values is a different key.
    assertThat(byContent(run, Map.of("tok", "npm-value", "npmrc", "token-value")))
        .isNotEqualTo(byContent(run, oneOrder));
  }

  @Test
  void aRunWithoutSecretsKeysTheSameByContentAsById() {
    PlannedStep.Run run = withMounts(BIND);
    assertThat(byContent(run, Map.of("tok", "anything"))).isEqualTo(run(run));
  }

  @Test
  void aRunKeyIsStableAndIgnoresTheTitleAndLine() {
    PlannedStep.Run elsewhere = new PlannedStep.Run(OTHER_LINE, "RUN other title", RUN.argv(), RUN.env(),
        RUN.workdir(), RUN.user(), RUN.network(), RUN.insecure(), RUN.mounts(), RUN.inlineFiles());
    assertThat(run(RUN)).isEqualTo(run(RUN)).isEqualTo(run(elsewhere));
  }

  @Test
  void everyKeyedRunFieldChangesTheKey() {
    Digest key = run(RUN);
    List<UnaryOperator<PlannedStep.Run>> changes = List.of(
        r -> new PlannedStep.Run(r.instruction(), r.title(), List.of("/bin/sh", "-c", "make all"), r.env(),
            r.workdir(), r.user(), r.network(), r.insecure(), r.mounts(), r.inlineFiles()),
        r -> new PlannedStep.Run(r.instruction(), r.title(), r.argv(), List.of("PATH=/bin", "A=2"), r.workdir(),
            r.user(), r.network(), r.insecure(), r.mounts(), r.inlineFiles()),
        r -> new PlannedStep.Run(r.instruction(), r.title(), r.argv(), List.of("A=1", "PATH=/bin"), r.workdir(),
            r.user(), r.network(), r.insecure(), r.mounts(), r.inlineFiles()),
        r -> new PlannedStep.Run(r.instruction(), r.title(), r.argv(), r.env(), "/srv", r.user(), r.network(),
            r.insecure(), r.mounts(), r.inlineFiles()),
        r -> new PlannedStep.Run(r.instruction(), r.title(), r.argv(), r.env(), r.workdir(), "app", r.network(),
            r.insecure(), r.mounts(), r.inlineFiles()),
        r -> new PlannedStep.Run(r.instruction(), r.title(), r.argv(), r.env(), r.workdir(), r.user(), r.network(),
            true, r.mounts(), r.inlineFiles()),
        r -> new PlannedStep.Run(r.instruction(), r.title(), r.argv(), r.env(), r.workdir(), r.user(), r.network(),
            r.insecure(), r.mounts(), List.of(new InlineFile("script", "#!/bin/sh\necho hi\n"))),
        r -> withMounts(new PlannedMount.Secret("other", Optional.of("/run/secrets/tok"), Optional.empty(), false,
            0400, 0, 0), BIND),
        r -> withMounts(new PlannedMount.Secret("tok", Optional.of("/run/secrets/x"), Optional.empty(), false,
            0400, 0, 0), BIND),
        r -> withMounts(new PlannedMount.Secret("tok", Optional.of("/run/secrets/tok"), Optional.of("TOKEN"), false,
            0400, 0, 0), BIND),
        r -> withMounts(new PlannedMount.Secret("tok", Optional.of("/run/secrets/tok"), Optional.empty(), true,
            0400, 0, 0), BIND),
        r -> withMounts(new PlannedMount.Secret("tok", Optional.of("/run/secrets/tok"), Optional.empty(), false,
            0444, 0, 0), BIND),
        r -> withMounts(new PlannedMount.Secret("tok", Optional.of("/run/secrets/tok"), Optional.empty(), false,
            0400, 1000, 0), BIND),
        r -> withMounts(new PlannedMount.Secret("tok", Optional.of("/run/secrets/tok"), Optional.empty(), false,
            0400, 0, 1000), BIND),
        r -> withMounts(SECRET, new PlannedMount.Bind(Optional.of("/other"), new CopySource.Context(), "src", false)),
        r -> withMounts(SECRET, new PlannedMount.Bind(Optional.of("/src"), new CopySource.Context(), "lib", false)),
        r -> withMounts(SECRET, new PlannedMount.Bind(Optional.of("/src"), new CopySource.Context(), "src", true)),
        r -> withMounts(SECRET, new PlannedMount.Bind(Optional.of("/src"), new CopySource.Stage(1), "src", false)));
    for (UnaryOperator<PlannedStep.Run> change : changes) {
      assertThat(run(change.apply(RUN))).isNotEqualTo(key);
    }
    assertThat(StepKeys.run(PARENT, RUN, "none", List.of(SOURCE))).isNotEqualTo(key);
    assertThat(StepKeys.run(Digest.sha256("another parent"), RUN, "host", List.of(SOURCE))).isNotEqualTo(key);
    assertThat(StepKeys.run(PARENT, RUN, "host", List.of(Digest.sha256("changed context")))).isNotEqualTo(key);
  }

  @Test
  void cacheAndTmpfsMountsAreKeyedByTheirOptions() {
    PlannedMount.Cache cache = new PlannedMount.Cache("go", Optional.of("/root/.cache"), Optional.empty(), "", false,
        "shared", 0755, 0, 0);
    PlannedMount.Cache locked = new PlannedMount.Cache("go", Optional.of("/root/.cache"), Optional.empty(), "",
        false, "locked", 0755, 0, 0);
    PlannedMount.Cache otherId = new PlannedMount.Cache("npm", Optional.of("/root/.cache"), Optional.empty(), "",
        false, "shared", 0755, 0, 0);
    Digest key = StepKeys.run(PARENT, withMounts(cache), "host", List.of());
    assertThat(StepKeys.run(PARENT, withMounts(cache), "host", List.of())).isEqualTo(key);
    assertThat(StepKeys.run(PARENT, withMounts(locked), "host", List.of())).isNotEqualTo(key);
    assertThat(StepKeys.run(PARENT, withMounts(otherId), "host", List.of())).isNotEqualTo(key);
    assertThat(StepKeys.run(PARENT, withMounts(new PlannedMount.Tmpfs(Optional.of("/root/.cache"), 0)), "host",
        List.of())).isNotEqualTo(key);
  }

  @Test
  void everyKeyedCopyFieldChangesTheKey() {
    Digest key = StepKeys.copy(PARENT, COPY, SOURCE);
    assertThat(StepKeys.copy(PARENT, COPY, SOURCE)).isEqualTo(key);
    List<PlannedStep.Copy> changes = List.of(
        copy(new CopySource.Stage(0), List.of("."), "/app/", Optional.empty(), Optional.empty(), false, false,
            List.of(), false),
        copy(new CopySource.Context(), List.of("src"), "/app/", Optional.empty(), Optional.empty(), false, false,
            List.of(), false),
        copy(new CopySource.Context(), List.of("."), "/srv/", Optional.empty(), Optional.empty(), false, false,
            List.of(), false),
        copy(new CopySource.Context(), List.of("."), "/app/", Optional.of("app"), Optional.empty(), false, false,
            List.of(), false),
        copy(new CopySource.Context(), List.of("."), "/app/", Optional.empty(), Optional.of("0755"), false, false,
            List.of(), false),
        copy(new CopySource.Context(), List.of("."), "/app/", Optional.empty(), Optional.empty(), true, false,
            List.of(), false),
        copy(new CopySource.Context(), List.of("."), "/app/", Optional.empty(), Optional.empty(), false, true,
            List.of(), false),
        copy(new CopySource.Context(), List.of("."), "/app/", Optional.empty(), Optional.empty(), false, false,
            List.of("*.md"), false),
        copy(new CopySource.Context(), List.of("."), "/app/", Optional.empty(), Optional.empty(), false, false,
            List.of(), true));
    for (PlannedStep.Copy changed : changes) {
      assertThat(StepKeys.copy(PARENT, changed, SOURCE)).as(changed.toString()).isNotEqualTo(key);
    }
    assertThat(StepKeys.copy(PARENT, COPY, Digest.sha256("one file changed"))).isNotEqualTo(key);
    assertThat(StepKeys.copy(Digest.sha256("another parent"), COPY, SOURCE)).isNotEqualTo(key);
  }

  @Test
  void workdirKeysOnPathUserAndParentAndDiffersFromOtherKinds() {
    Digest key = StepKeys.workdir(PARENT, WORKDIR);
    assertThat(StepKeys.workdir(PARENT, new PlannedStep.Workdir(OTHER_LINE, "WORKDIR /app", "/app", "")))
        .isEqualTo(key);
    assertThat(StepKeys.workdir(PARENT, new PlannedStep.Workdir(RUN_LINE, "WORKDIR /srv", "/srv", "")))
        .isNotEqualTo(key);
    assertThat(StepKeys.workdir(PARENT, new PlannedStep.Workdir(RUN_LINE, "WORKDIR /app", "/app", "app")))
        .isNotEqualTo(key);
    assertThat(StepKeys.workdir(SOURCE, WORKDIR)).isNotEqualTo(key);
    assertThat(key).isNotEqualTo(StepKeys.copy(PARENT, COPY, SOURCE)).isNotEqualTo(run(RUN))
        .isNotEqualTo(PARENT);
  }

  @Test
  void baseKeysFollowTheDiffIdChain() {
    Digest a = Digest.sha256("a");
    Digest b = Digest.sha256("b");
    assertThat(StepKeys.base(List.of(a, b))).isEqualTo(StepKeys.base(List.of(a, b)))
        .isNotEqualTo(StepKeys.base(List.of(b, a))).isNotEqualTo(StepKeys.base(List.of(a)))
        .isNotEqualTo(StepKeys.base(List.of()));
  }

  @Test
  void aResultKeyFollowsTheLayerAStepMade() {
    Digest step = run(RUN);
    Digest layer = Digest.sha256("layer");
    assertThat(StepKeys.result(step, layer)).isEqualTo(StepKeys.result(step, layer))
        .isNotEqualTo(StepKeys.result(step, Digest.sha256("a different layer")))
        .isNotEqualTo(StepKeys.result(PARENT, layer));
  }

  private static PlannedStep.Copy copy(CopySource source, List<String> sources, String destination,
      Optional<String> chown, Optional<String> chmod, boolean link, boolean parents, List<String> excludes,
      boolean add) {
    return new PlannedStep.Copy(RUN_LINE, "COPY", source, sources, List.of(), destination, chown, chmod, link,
        parents, excludes, add, "");
  }

  private static Instruction instruction(String line) {
    return DockerfileParser.parse("FROM scratch\n" + line + "\n", "Dockerfile").dockerfile().stages().get(0).body()
        .get(0);
  }
}
