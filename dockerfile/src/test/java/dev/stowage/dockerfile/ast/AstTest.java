package dev.stowage.dockerfile.ast;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stowage.dockerfile.parse.DockerfileParser;
import dev.stowage.dockerfile.syntax.SourcePos;
import dev.stowage.dockerfile.syntax.SourceRange;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class AstTest {
  private static final String TEXT = """
      ARG BASE=alpine
      FROM ${BASE} AS Build
      RUN --mount=type=secret,id=npm npm ci
      COPY . /src
      FROM scratch
      COPY --from=build /src /src
      ONBUILD RUN make
      """;

  private final Dockerfile df = DockerfileParser.parse(TEXT, "Dockerfile").dockerfile();

  @Test
  void instructionsInFileOrderWithTheirStage() {
    List<InstructionRef> refs = df.instructions();
    assertThat(refs).extracting(r -> r.instruction().keyword()).containsExactly(Keyword.ARG, Keyword.FROM,
        Keyword.RUN, Keyword.COPY, Keyword.FROM, Keyword.COPY, Keyword.ONBUILD);
    assertThat(refs.get(0).isGlobal()).isTrue();
    assertThat(refs.get(2).stage()).map(Stage::index).contains(0);
    assertThat(refs.get(5).stage()).map(Stage::index).contains(1);
    assertThat(refs).extracting(r -> r.instruction().line()).containsExactly(1, 2, 3, 4, 5, 6, 7);
    assertThat(df.instructions(Copy.class)).hasSize(2);
    assertThat(df.instructions(Run.class).get(0).secretMounts()).extracting(m -> m.id().orElseThrow().raw())
        .containsExactly("npm");
  }

  @Test
  void stagesByNameOrIndex() {
    assertThat(df.stage("BUILD")).map(Stage::index).contains(0);
    assertThat(df.stage("build")).map(Stage::displayName).contains("build");
    assertThat(df.stage("1")).map(Stage::displayName).contains("1");
    assertThat(df.stage("2")).isEmpty();
    assertThat(df.stage("nope")).isEmpty();
    assertThat(df.lastStage().index()).isEqualTo(1);
    assertThat(df.stages().get(0).from().stageName()).map(Word::raw).contains("Build");
    assertThat(df.stages().get(0).instructions()).hasSize(3);
    assertThat(df.stages().get(1).body(Onbuild.class)).hasSize(1);
    assertThat(df.stages().get(0).range()).isEqualTo(SourceRange.of(2, 1, 4, 12));
  }

  @Test
  void recordsAreImmutable() {
    assertThatThrownBy(() -> df.stages().add(df.stages().get(0))).isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> df.stages().get(0).body().clear()).isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void heredocBodyChompsLeadingTabsOnlyWhenAsked() {
    SourceRange r = SourceRange.line(1, 1);
    assertThat(new Heredoc("EOF", "\t\ta\n\tb\n c\n", true, true, 0, r).body()).isEqualTo("a\nb\n c\n");
    assertThat(new Heredoc("EOF", "\ta\n", true, false, 0, r).body()).isEqualTo("\ta\n");
  }

  @Test
  void goDurations() {
    assertThat(GoDuration.parse("1m30s")).isEqualTo(Duration.ofSeconds(90));
    assertThat(GoDuration.parse("1.5h")).isEqualTo(Duration.ofMinutes(90));
    assertThat(GoDuration.parse("300ms")).isEqualTo(Duration.ofMillis(300));
    assertThat(GoDuration.parse("2us")).isEqualTo(Duration.ofNanos(2000));
    assertThat(GoDuration.parse("2\u00b5s")).isEqualTo(Duration.ofNanos(2000));
    assertThat(GoDuration.parse("0")).isEqualTo(Duration.ZERO);
    assertThat(GoDuration.parse("-1s")).isEqualTo(Duration.ofSeconds(-1));
    for (String bad : List.of("", "5", "s", "1x", "1.2.3s", ".s", "1s2", "9999999999h")) {
      assertThatThrownBy(() -> GoDuration.parse(bad)).as(bad).isInstanceOf(IllegalArgumentException.class);
    }
  }

  @Test
  void healthcheckOptionsParseTheirValues() {
    Dockerfile h = DockerfileParser.parse("FROM a\nHEALTHCHECK --interval=1m --retries=4 CMD true\n", "D")
        .dockerfile();
    HealthcheckOptions o = h.instructions(Healthcheck.class).get(0).options();
    assertThat(o.intervalDuration()).contains(Duration.ofMinutes(1));
    assertThat(o.timeoutDuration()).isEmpty();
    assertThat(o.retryCount()).contains(4);
  }

  @Test
  void sourceRanges() {
    SourceRange a = SourceRange.of(1, 1, 1, 5);
    SourceRange b = SourceRange.of(3, 2, 4, 1);
    assertThat(a.union(b)).isEqualTo(SourceRange.of(1, 1, 4, 1));
    assertThat(b.contains(new SourcePos(3, 9))).isTrue();
    assertThat(a.contains(new SourcePos(2, 1))).isFalse();
    assertThat(b).hasToString("3:2-4:1");
    assertThatThrownBy(() -> SourceRange.of(2, 1, 1, 1)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new SourcePos(0, 1)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void fileTransferSourcePathsSkipHeredocMarkers() {
    Dockerfile c = DockerfileParser.parse("FROM a\nCOPY a <<EOF 3<<-X b /d/\nx\nEOF\ny\nX\n", "D").dockerfile();
    Copy copy = c.instructions(Copy.class).get(0);
    assertThat(copy.sourcePaths()).extracting(Word::raw).containsExactly("a", "b");
    assertThat(copy.heredocs()).extracting(Heredoc::name).containsExactly("EOF", "X");
  }

  @Test
  void dumpQuotesControlCharacters() {
    assertThat(AstDump.quote("a\"b\\c\nd\te\u0001")).isEqualTo("\"a\\\"b\\\\c\\nd\\te\\u0001\"");
  }
}
