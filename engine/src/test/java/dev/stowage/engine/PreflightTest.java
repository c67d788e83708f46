package dev.stowage.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stowage.dockerfile.parse.DockerfileParser;
import dev.stowage.engine.plan.BuildPlan;
import dev.stowage.engine.plan.BuildRequest;
import dev.stowage.engine.plan.Planner;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PreflightTest {
  private static final String VALUE = "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";

  @Test
  void aSecretLookingBuildArgIsRefusedWithTheExactRewriteAndNoValue() {
    BuildRequest request = BuildRequest.defaults("Dockerfile").withBuildArgs(Map.of("GITHUB_TOKEN", VALUE,
        "VERSION", "1.2"));
    assertThatThrownBy(() -> Preflight.checkBuildArgs(request, false))
        .isInstanceOf(BuildInputException.class)
        .hasMessage("--build-arg GITHUB_TOKEN looks like a secret; refusing to record it in the image")
        .satisfies(e -> {
          BuildInputException input = (BuildInputException) e;
          assertThat(input.details()).anyMatch(l -> l.contains("--secret id=github_token,env=GITHUB_TOKEN"))
              .anyMatch(l -> l.contains("RUN --mount=type=secret,id=github_token,env=GITHUB_TOKEN"))
              .noneMatch(l -> l.contains(VALUE));
        });
    assertThatCode(() -> Preflight.checkBuildArgs(request, true)).doesNotThrowAnyException();
    assertThatCode(() -> Preflight.checkBuildArgs(BuildRequest.defaults("Dockerfile")
        .withBuildArgs(Map.of("TOKENIZER_VERSION", "3")), false)).doesNotThrowAnyException();
  }

  @Test
  void everyMissingRequiredSecretIsListedWithItsLinesBeforeAnythingRuns() {
    var dockerfile = DockerfileParser.parse("""
        FROM scratch
        RUN --mount=type=secret,id=npm,required cat /run/secrets/npm
        RUN --mount=type=secret,id=aws,required true
        RUN --mount=type=secret,id=npm,required true
        RUN --mount=type=secret,id=optional true
        """, "Dockerfile").dockerfile();
    BuildPlan plan = Planner.plan(dockerfile, BuildRequest.defaults("Dockerfile"), ref -> null, t -> null);
    assertThatThrownBy(() -> Preflight.checkSecrets(plan, Set.of(), "Dockerfile"))
        .hasMessage("missing required secrets aws, npm; no step was run")
        .satisfies(e -> assertThat(((BuildInputException) e).details()).containsExactly(
            "  aws: required by Dockerfile line 3; pass --secret id=aws,src=FILE or --secret id=aws,env=VAR",
            "  npm: required by Dockerfile lines 2, 4; pass --secret id=npm,src=FILE or --secret id=npm,env=VAR"));
    assertThatCode(() -> Preflight.checkSecrets(plan, Set.of("aws", "npm"), "Dockerfile"))
        .doesNotThrowAnyException();
  }
}
