package dev.stowage.dockerfile.expand;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

import dev.stowage.dockerfile.ast.Dockerfile;
import dev.stowage.dockerfile.ast.Env;
import dev.stowage.dockerfile.ast.From;
import dev.stowage.dockerfile.ast.Instruction;
import dev.stowage.dockerfile.ast.Run;
import dev.stowage.dockerfile.ast.Stage;
import dev.stowage.dockerfile.parse.DockerfileParser;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class VariableScopesTest {
  private static final Platform AMD64 = Platform.parse("linux/amd64");

  private static Dockerfile parse(String text) {
    return DockerfileParser.parse(text, "Dockerfile").dockerfile();
  }

  private static Instruction last(Stage stage) {
    return stage.body().get(stage.body().size() - 1);
  }

  @Test
  void globalArgsAreSeenByFromOnlyUnlessRedeclared() {
    // the conformance case arg-before-from, with --build-arg BASE_TAG=1
    Dockerfile df = parse("""
        ARG REGISTRY=localhost:5000
        ARG BASE_TAG=no-such-tag
        ARG GLOBAL_ONLY=global-default
        FROM ${REGISTRY}/base/busybox:${BASE_TAG}
        ARG BASE_TAG
        ARG GLOBAL_ONLY
        RUN echo "tag=$BASE_TAG registry=${REGISTRY:-unset} global=$GLOBAL_ONLY" > /args
        """);
    VariableScopes scopes = VariableScopes.resolve(df, Map.of("BASE_TAG", "1"), AMD64);
    From from = df.stages().get(0).from();
    VariableScope fromScope = scopes.before(from);
    assertThat(ShellLexer.of('\\').processWord(from.image().raw(), fromScope.env()).value())
        .isEqualTo("localhost:5000/base/busybox:1");
    VariableScope run = scopes.before(last(df.stages().get(0)));
    assertThat(run.env()).containsEntry("BASE_TAG", "1").containsEntry("GLOBAL_ONLY", "global-default")
        .doesNotContainKey("REGISTRY");
    assertThat(run.args()).containsExactly(entry("BASE_TAG", "1"), entry("GLOBAL_ONLY", "global-default"));
    assertThat(scopes.unconsumedBuildArgs()).isEmpty();
  }

  @Test
  void argScopeEndsWithItsStageAndBuildArgsOverrideDefaults() {
    // the conformance case arg-scoping-stages
    Dockerfile df = parse("""
        ARG SHARED=from-global
        FROM busybox AS one
        ARG STAGE_ONE=one-default
        ARG OVERRIDDEN=one-default
        ARG SHARED
        RUN echo "$STAGE_ONE $OVERRIDDEN $SHARED" > /one.txt

        FROM busybox
        ARG OVERRIDDEN
        ARG DERIVED=${OVERRIDDEN}-derived
        COPY --from=one /one.txt /one.txt
        RUN echo two
        """);
    VariableScopes scopes = VariableScopes.resolve(df,
        Map.of("OVERRIDDEN", "cli-value", "NEVER_DECLARED", "unused"), AMD64);
    assertThat(scopes.before(last(df.stages().get(0))).env()).containsEntry("STAGE_ONE", "one-default")
        .containsEntry("OVERRIDDEN", "cli-value").containsEntry("SHARED", "from-global");
    VariableScope two = scopes.before(last(df.stages().get(1)));
    assertThat(two.env()).containsEntry("OVERRIDDEN", "cli-value").containsEntry("DERIVED", "cli-value-derived")
        .doesNotContainKeys("STAGE_ONE", "SHARED");
    assertThat(two.args()).containsExactly(entry("OVERRIDDEN", "cli-value"), entry("DERIVED", "cli-value-derived"));
    assertThat(scopes.unconsumedBuildArgs()).containsExactly("NEVER_DECLARED");
  }

  @Test
  void envOverridesArgAndArgsReachTheScopeButNotTheImageEnv() {
    // the conformance case arg-env-precedence, with --build-arg MODE=cli-value
    Dockerfile df = parse("""
        FROM busybox
        ARG MODE=arg-default
        ENV MODE=env-value
        RUN echo "$MODE" > /mode
        ARG ONLY_ARG=visible-in-run
        RUN echo "$ONLY_ARG" > /only_arg
        """);
    VariableScopes scopes = VariableScopes.resolve(df, Map.of("MODE", "cli-value"), AMD64);
    Stage stage = df.stages().get(0);
    assertThat(scopes.before(stage.body().get(1)).env()).containsEntry("MODE", "cli-value");
    assertThat(scopes.before(stage.body().get(2)).env()).containsEntry("MODE", "env-value");
    assertThat(scopes.before(last(stage)).env()).containsEntry("MODE", "env-value")
        .containsEntry("ONLY_ARG", "visible-in-run");
    assertThat(scopes.imageEnv(stage)).containsExactly(entry("MODE", "env-value"));
  }

  @Test
  void envValuesSeeTheVariablesBeforeTheInstruction() {
    Dockerfile df = parse("""
        FROM busybox
        ENV abc=hello
        ENV abc=bye def=$abc
        ENV ghi=$abc
        RUN true
        """);
    VariableScopes scopes = VariableScopes.resolve(df, Map.of(), AMD64);
    assertThat(scopes.before(last(df.stages().get(0))).env())
        .containsEntry("abc", "bye").containsEntry("def", "hello").containsEntry("ghi", "bye");
  }

  @Test
  void argDeclarationsInOneInstructionSeeEachOther() {
    Dockerfile df = parse("FROM busybox\nARG A=1 B=${A}2\nRUN true\n");
    VariableScopes scopes = VariableScopes.resolve(df, Map.of(), AMD64);
    assertThat(scopes.before(last(df.stages().get(0))).env()).containsEntry("B", "12");
  }

  @Test
  void declaredArgWithoutValueIsKnownButUnset() {
    Dockerfile df = parse("FROM busybox\nARG MAYBE\nRUN echo $MAYBE\n");
    VariableScope scope = VariableScopes.resolve(df, Map.of(), AMD64).before(last(df.stages().get(0)));
    assertThat(scope.env()).doesNotContainKey("MAYBE");
    assertThat(scope.declaredArgs()).containsExactly("MAYBE");
    assertThat(scope.isKnown("MAYBE")).isTrue();
    assertThat(scope.isKnown("OTHER")).isFalse();
  }

  @Test
  void platformArgsArePredefinedGloballyAndNeedRedeclarationInAStage() {
    Dockerfile df = parse("""
        FROM --platform=$BUILDPLATFORM golang AS build
        ARG TARGETOS TARGETARCH
        RUN GOOS=$TARGETOS GOARCH=$TARGETARCH go build
        FROM alpine
        RUN echo $TARGETARCH
        """);
    VariableScopes scopes = VariableScopes.resolve(df, Map.of(), Platform.parse("linux/arm64/v8"),
        Platform.parse("linux/amd64"), from -> Map.of());
    assertThat(scopes.global().env()).containsEntry("TARGETPLATFORM", "linux/arm64/v8")
        .containsEntry("TARGETOS", "linux").containsEntry("TARGETARCH", "arm64").containsEntry("TARGETVARIANT", "v8")
        .containsEntry("BUILDPLATFORM", "linux/amd64").containsEntry("BUILDARCH", "amd64")
        .containsEntry("BUILDVARIANT", "");
    assertThat(scopes.before(last(df.stages().get(0))).env()).containsEntry("TARGETOS", "linux")
        .containsEntry("TARGETARCH", "arm64");
    assertThat(scopes.before(last(df.stages().get(1))).env()).doesNotContainKey("TARGETARCH");
  }

  @Test
  void stageFromAnEarlierStageInheritsItsEnvButNotItsArgs() {
    Dockerfile df = parse("""
        ARG BASE=builder
        FROM alpine AS Builder
        ARG SECRET_ARG=x
        ENV FROM_BUILDER=yes
        FROM ${BASE}
        RUN true
        FROM python:3
        RUN true
        """);
    VariableScopes scopes = VariableScopes.resolve(df, Map.of(), AMD64, AMD64,
        from -> from.image().raw().startsWith("python") ? Map.of("PATH", "/usr/local/bin", "LANG", "C.UTF-8")
            : Map.of());
    assertThat(scopes.before(last(df.stages().get(1))).env()).containsExactly(entry("FROM_BUILDER", "yes"));
    assertThat(scopes.before(last(df.stages().get(2))).env())
        .containsOnly(entry("PATH", "/usr/local/bin"), entry("LANG", "C.UTF-8"));
  }

  @Test
  void predefinedProxyArgsAreNeverUnconsumedNorExpanded() {
    Dockerfile df = parse("FROM alpine\nENV P=${HTTP_PROXY:-none}\nRUN true\n");
    VariableScopes scopes = VariableScopes.resolve(df,
        Map.of("HTTP_PROXY", "http://proxy:3128", "no_proxy", "localhost", "BUILDKIT_INLINE_CACHE", "1"), AMD64);
    assertThat(scopes.unconsumedBuildArgs()).isEmpty();
    assertThat(scopes.before(last(df.stages().get(0))).env()).containsEntry("P", "none");
  }

  @Test
  void sbomScanArgsStayOutOfTheEnvironment() {
    Dockerfile df = parse("FROM alpine\nARG BUILDKIT_SBOM_SCAN_STAGE=true\nRUN true\n");
    VariableScope scope = VariableScopes.resolve(df, Map.of(), AMD64).before(last(df.stages().get(0)));
    assertThat(scope.env()).doesNotContainKey("BUILDKIT_SBOM_SCAN_STAGE");
    assertThat(scope.args()).containsEntry("BUILDKIT_SBOM_SCAN_STAGE", "true");
  }

  @Test
  void expansionErrorsAreCollectedWithTheirInstruction() {
    Dockerfile df = parse("FROM alpine\nENV A=\"${TOKEN:?TOKEN must be set}\"\nRUN true\n");
    VariableScopes scopes = VariableScopes.resolve(df, Map.of(), AMD64);
    assertThat(scopes.problems()).hasSize(1);
    assertThat(scopes.problems().get(0).instruction()).isInstanceOf(Env.class);
    assertThat(scopes.problems().get(0).error().getMessage())
        .isEqualTo("failed to process \"\\\"${TOKEN:?TOKEN must be set}\\\"\": TOKEN: TOKEN must be set");
    assertThat(scopes.before(last(df.stages().get(0))).env()).doesNotContainKey("A");
  }

  @Test
  void backtickEscapeDirectiveAppliesToScopes() {
    Dockerfile df = parse("# escape=`\nFROM alpine\nENV LITERAL=`$HOME WIN=C:\\dir\nRUN true\n");
    assertThat(VariableScopes.resolve(df, Map.of(), AMD64).before(last(df.stages().get(0))).env())
        .containsEntry("LITERAL", "$HOME").containsEntry("WIN", "C:\\dir");
  }

  @Test
  void unknownInstructionIsRejected() {
    Dockerfile df = parse("FROM alpine\nONBUILD RUN true\n");
    VariableScopes scopes = VariableScopes.resolve(df, Map.of(), AMD64);
    Instruction trigger = ((dev.stowage.dockerfile.ast.Onbuild) df.stages().get(0).body().get(0)).trigger();
    assertThatThrownBy(() -> scopes.before(trigger)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("RUN true");
  }

  @Test
  void platformParsing() {
    assertThat(Platform.parse("linux/arm/v7")).isEqualTo(new Platform("linux", "arm", "v7"));
    assertThat(Platform.parse("linux/amd64")).hasToString("linux/amd64");
    for (String bad : List.of("linux", "linux/", "/amd64", "a/b/c/d", "linux/arm/")) {
      assertThatThrownBy(() -> Platform.parse(bad)).hasMessageContaining("os/architecture[/variant]");
    }
  }

  @Test
  void runScopeListsArgsInDeclarationOrderForHistory() {
    Dockerfile df = parse("FROM alpine\nARG B=2\nARG A=1\nARG B=3\nRUN true\n");
    Run run = (Run) last(df.stages().get(0));
    assertThat(VariableScopes.resolve(df, Map.of(), AMD64).before(run).args())
        .containsExactly(entry("A", "1"), entry("B", "3"));
  }
}
