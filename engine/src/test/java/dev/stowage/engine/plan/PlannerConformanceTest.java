package dev.stowage.engine.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.stowage.dockerfile.ast.Dockerfile;
import dev.stowage.dockerfile.ast.Instruction;
import dev.stowage.dockerfile.parse.DockerfileParser;
import dev.stowage.oci.ContainerConfig;
import dev.stowage.oci.Digest;
import dev.stowage.oci.HistoryEntry;
import dev.stowage.oci.ImageConfig;
import dev.stowage.oci.Platform;
import dev.stowage.oci.RootFs;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Differential test of the planner against BuildKit's recorded results: for every successful case of the shared
 * conformance corpus, the planned history ({@code created_by}, {@code empty_layer}) and image config must be
 * exactly what BuildKit wrote. The base images are modelled on the corpus's own (lib/mkbase.py).
 */
class PlannerConformanceTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Path CASES = locateCases();

  private static Path locateCases() {
    Path dir = Path.of("").toAbsolutePath();
    for (Path p = dir; p != null; p = p.getParent()) {
      Path candidate = p.resolve("../shared/conformance/cases").normalize();
      if (Files.isDirectory(candidate)) {
        return candidate;
      }
    }
    return null;
  }

  @TestFactory
  Stream<DynamicTest> plannedHistoryAndConfigMatchBuildKit() throws IOException {
    Assumptions.assumeTrue(CASES != null, "../shared/conformance/cases not found beside the repository");
    List<DynamicTest> tests = new ArrayList<>();
    try (Stream<Path> dirs = Files.list(CASES)) {
      for (Path dir : dirs.sorted().toList()) {
        Path expectedFile = dir.resolve("expected.json");
        if (!Files.exists(expectedFile)) {
          continue;
        }
        JsonNode expected = JSON.readTree(expectedFile.toFile());
        if (!"success".equals(expected.path("outcome").asText())) {
          continue;
        }
        tests.add(DynamicTest.dynamicTest(dir.getFileName().toString(), () -> check(dir, expected)));
      }
    }
    return tests.stream();
  }

  private static void check(Path dir, JsonNode expected) throws IOException {
    JsonNode spec = JSON.readTree(dir.resolve("case.json").toFile());
    Map<String, String> args = new LinkedHashMap<>();
    spec.path("build_args").fields().forEachRemaining(e -> args.put(e.getKey(), e.getValue().asText()));
    BuildRequest request = BuildRequest.defaults("Dockerfile")
        .withBuildArgs(args)
        .withTarget(spec.hasNonNull("target") ? Optional.of(spec.get("target").asText()) : Optional.empty())
        .withHistoryArgs(HistoryArgs.VALUES);
    Dockerfile dockerfile = DockerfileParser.parse(Files.readString(dir.resolve("Dockerfile")), "Dockerfile")
        .dockerfile();
    for (String ref : Planner.imagesToResolve(dockerfile, request)) {
      assertThat(ref).startsWith("localhost:5000/base/busybox:");
    }
    BuildPlan plan = Planner.plan(dockerfile, request, PlannerConformanceTest::baseImage, PlannerConformanceTest::trigger);
    ImageConfig image = plan.target().image();

    List<List<Object>> history = new ArrayList<>();
    for (HistoryEntry entry : image.history()) {
      history.add(List.of(entry.createdBy(), entry.emptyLayer()));
    }
    // Cases checked against a hand-written expectation may leave parts out.
    if (expected.has("history")) {
      List<List<Object>> wanted = new ArrayList<>();
      for (JsonNode entry : expected.get("history")) {
        wanted.add(List.of(entry.get(0).asText(), entry.get(1).asBoolean()));
      }
      assertThat(history).as("history").containsExactlyElementsOf(wanted);
    }
    if (expected.has("config")) {
      Map<String, Object> actual = config(image.config());
      Map<String, Object> wantedConfig = expectedConfig(expected.get("config"));
      if (expected.path("partial").asBoolean()) {
        actual.keySet().retainAll(wantedConfig.keySet()); // a hand-written expectation lists what it checks
      }
      assertThat(actual).as("config").isEqualTo(wantedConfig);
    }
    if (expected.has("layers")) {
      long layers = image.history().stream().filter(h -> !h.emptyLayer()).count();
      assertThat(layers).as("layers").isEqualTo(expected.get("layers").asLong());
    }
  }

  /** The corpus's view of a config: only non-empty fields, as plain values. */
  private static Map<String, Object> config(ContainerConfig c) {
    Map<String, Object> view = new TreeMap<>();
    put(view, "Env", c.env());
    put(view, "Cmd", c.cmd());
    put(view, "Entrypoint", c.entrypoint());
    put(view, "WorkingDir", c.workingDir());
    put(view, "User", c.user());
    put(view, "Labels", c.labels());
    put(view, "ExposedPorts", List.copyOf(c.exposedPorts()));
    put(view, "Volumes", List.copyOf(c.volumes()));
    put(view, "StopSignal", c.stopSignal());
    put(view, "OnBuild", c.onBuild());
    put(view, "Shell", c.shell());
    c.healthcheck().ifPresent(h -> {
      Map<String, Object> hc = new TreeMap<>();
      hc.put("Test", h.test());
      putNanos(hc, "Interval", h.interval());
      putNanos(hc, "Timeout", h.timeout());
      putNanos(hc, "StartPeriod", h.startPeriod());
      putNanos(hc, "StartInterval", h.startInterval());
      if (h.retries() != 0) {
        hc.put("Retries", (long) h.retries());
      }
      view.put("Healthcheck", hc);
    });
    return view;
  }

  private static void putNanos(Map<String, Object> map, String key, Duration value) {
    if (!value.isZero()) {
      map.put(key, value.toNanos());
    }
  }

  private static void put(Map<String, Object> view, String key, Object value) {
    boolean empty = value instanceof String s ? s.isEmpty()
        : value instanceof List<?> l ? l.isEmpty() : value instanceof Map<?, ?> m && m.isEmpty();
    if (!empty) {
      view.put(key, value);
    }
  }

  private static Map<String, Object> expectedConfig(JsonNode node) {
    Map<String, Object> view = new TreeMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> field = it.next();
      Object value = plain(field.getValue());
      put(view, field.getKey(), value);
    }
    return view;
  }

  private static Object plain(JsonNode node) {
    if (node.isArray()) {
      List<Object> list = new ArrayList<>();
      node.forEach(n -> list.add(plain(n)));
      return list;
    }
    if (node.isObject()) {
      Map<String, Object> map = new TreeMap<>();
      node.fields().forEachRemaining(e -> map.put(e.getKey(), plain(e.getValue())));
      return map;
    }
    if (node.isNumber()) {
      return node.asLong();
    }
    return node.asText();
  }

  /** The corpus's base images (lib/mkbase.py): busybox:1 has one layer, busybox:multi's amd64 entry two. */
  static ImageConfig baseImage(String reference) {
    int layers;
    String note;
    if (reference.equals("localhost:5000/base/busybox:1")) {
      layers = 1;
      note = "conformance base busybox:1";
    } else if (reference.equals("localhost:5000/base/busybox:multi")) {
      layers = 2;
      note = "conformance base busybox:multi amd64";
    } else {
      throw new IllegalArgumentException("no such image in the fake registry: " + reference);
    }
    List<HistoryEntry> history = new ArrayList<>();
    List<Digest> diffIds = new ArrayList<>();
    for (int n = 1; n <= layers; n++) {
      history.add(new HistoryEntry(Optional.empty(), note + ": layer " + n, "", "", false));
      diffIds.add(Digest.sha256("layer " + n));
    }
    ContainerConfig config = ContainerConfig.EMPTY.withEnv(List.of("PATH=" + Planner.DEFAULT_PATH))
        .withCmd(List.of("sh"));
    if (layers == 2) {
      config = config.withLabels(Map.of("org.example.base.variant", "multi-amd64"));
    }
    return ImageConfig.scratch(Platform.parse("linux/amd64")).withConfig(config).withHistory(history)
        .withRootfs(RootFs.of(diffIds));
  }

  static Instruction trigger(String text) {
    return DockerfileParser.parse("FROM scratch\n" + text + "\n", "ONBUILD").dockerfile().stages().get(0).body()
        .get(0);
  }

  @org.junit.jupiter.api.Test
  void namedBuildContextsReplaceImagesAndStagesInFromAndCopyFrom() {
    Dockerfile dockerfile = DockerfileParser.parse("""
        FROM scratch AS builder
        FROM base
        COPY --from=builder /a /a
        """, "Dockerfile").dockerfile();
    BuildRequest request = BuildRequest.defaults("Dockerfile").withNamedContexts(Map.of(
        "base", "localhost:5000/base/busybox:1", "builder", "localhost:5000/base/busybox:multi"));
    assertThat(Planner.imagesToResolve(dockerfile, request))
        .containsExactly("localhost:5000/base/busybox:1", "localhost:5000/base/busybox:multi");
    BuildPlan plan = Planner.plan(dockerfile, request, PlannerConformanceTest::baseImage,
        PlannerConformanceTest::trigger);
    assertThat(plan.stages()).hasSize(1);
    assertThat(((PlannedStep.Copy) plan.target().steps().get(0)).source())
        .isEqualTo(new CopySource.Image("localhost:5000/base/busybox:multi"));
  }

  @org.junit.jupiter.api.Test
  void unknownTargetSuggestsTheNearestStage() {
    Dockerfile dockerfile = DockerfileParser.parse("FROM scratch AS builder\nFROM scratch AS final\n", "Dockerfile")
        .dockerfile();
    assertThatThrownBy(() -> Planner.plan(dockerfile, BuildRequest.defaults("Dockerfile")
        .withTarget(Optional.of("buidler")), PlannerConformanceTest::baseImage, PlannerConformanceTest::trigger))
        .isInstanceOf(PlanException.class)
        .hasMessageContaining("target stage \"buidler\" could not be found")
        .satisfies(e -> assertThat(((PlanException) e).hint()).contains("did you mean builder?"));
  }

  @org.junit.jupiter.api.Test
  void copyFromALaterStageNamesBothStagesAndTheLine() {
    Dockerfile dockerfile = DockerfileParser.parse(
        "FROM scratch AS one\nCOPY --from=two /a /a\nFROM scratch AS two\n", "Dockerfile").dockerfile();
    assertThatThrownBy(() -> Planner.plan(dockerfile, BuildRequest.defaults("Dockerfile").withTarget(Optional.of("one")),
        PlannerConformanceTest::baseImage, PlannerConformanceTest::trigger))
        .hasMessage("Dockerfile:2: cannot copy from stage \"two\", it needs to be defined before current stage \"one\"");
  }

  @org.junit.jupiter.api.Test
  void secretMountsGetBuildKitDefaultsAndAreListedWithTheirLines() {
    Dockerfile dockerfile = DockerfileParser.parse("""
        FROM scratch
        RUN --mount=type=secret,id=npm cat /run/secrets/npm
        RUN --mount=type=secret,target=/root/.aws/credentials,required aws s3 ls
        RUN --mount=type=secret,id=tok,env=TOKEN,mode=0440,uid=1000 ./deploy
        """, "Dockerfile").dockerfile();
    BuildPlan plan = Planner.plan(dockerfile, BuildRequest.defaults("Dockerfile"), PlannerConformanceTest::baseImage,
        PlannerConformanceTest::trigger);
    List<PlannedMount> mounts = plan.target().steps().stream()
        .flatMap(s -> ((PlannedStep.Run) s).mounts().stream()).toList();
    assertThat(mounts).containsExactly(
        new PlannedMount.Secret("npm", Optional.of("/run/secrets/npm"), Optional.empty(), false, 0400, 0, 0),
        new PlannedMount.Secret("credentials", Optional.of("/root/.aws/credentials"), Optional.empty(), true, 0400,
            0, 0),
        new PlannedMount.Secret("tok", Optional.empty(), Optional.of("TOKEN"), false, 0440, 1000, 0));
    assertThat(plan.secrets()).containsExactlyInAnyOrder(new BuildPlan.SecretUse("npm", false, 2),
        new BuildPlan.SecretUse("credentials", true, 3), new BuildPlan.SecretUse("tok", false, 4));
  }

  @org.junit.jupiter.api.Test
  void historyShowsArgNamesOnlyByDefaultAndMasksAllowedSecrets() {
    Dockerfile dockerfile = DockerfileParser.parse("FROM scratch\nARG TOKEN\nARG MODE=fast\nRUN build\n",
        "Dockerfile").dockerfile();
    BuildRequest request = BuildRequest.defaults("Dockerfile").withBuildArgs(Map.of("TOKEN", "s3cr3t-value"));
    assertThat(lastHistory(dockerfile, request)).isEqualTo("RUN |2 TOKEN MODE /bin/sh -c build");
    assertThat(lastHistory(dockerfile, request.withHistoryArgs(HistoryArgs.VALUES)))
        .isEqualTo("RUN |2 TOKEN=s3cr3t-value MODE=fast /bin/sh -c build");
    assertThat(lastHistory(dockerfile, request.withHistoryArgs(HistoryArgs.VALUES).withMaskedArgs(Set.of("TOKEN"))))
        .isEqualTo("RUN |2 TOKEN=**** MODE=fast /bin/sh -c build");
  }

  private static String lastHistory(Dockerfile dockerfile, BuildRequest request) {
    List<HistoryEntry> history = Planner.plan(dockerfile, request, PlannerConformanceTest::baseImage,
        PlannerConformanceTest::trigger).target().image().history();
    return history.get(history.size() - 1).createdBy();
  }
}
