package dev.stowage.registry.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ChallengeTest {
  @Test
  void parsesABearerChallengeWithQuotedParameters() {
    List<Challenge> challenges = Challenge.parse(
        "Bearer realm=\"https://auth.docker.io/token\",service=\"registry.docker.io\","
            + "scope=\"repository:samalba/my-app:pull,push\"");

    assertThat(challenges).hasSize(1);
    Challenge c = challenges.get(0);
    assertThat(c.isBearer()).isTrue();
    assertThat(c.realm()).hasValue("https://auth.docker.io/token");
    assertThat(c.service()).hasValue("registry.docker.io");
    assertThat(c.scopes()).containsExactly("repository:samalba/my-app:pull,push");
  }

  @Test
  void schemesAndParameterNamesAreCaseInsensitive() {
    Challenge c = Challenge.parse("BASIC Realm=\"Registry Realm\"").get(0);

    assertThat(c.isBasic()).isTrue();
    assertThat(c.realm()).hasValue("Registry Realm");
  }

  @Test
  void parsesSeveralChallengesInOneHeaderAndAcrossHeaders() {
    List<Challenge> challenges = Challenge.parseAll(List.of(
        "Basic realm=\"basic-realm\", Bearer realm=\"https://r/token\", service=reg",
        "Negotiate abc==, Basic realm=x"));

    assertThat(challenges).extracting(Challenge::scheme).containsExactly("basic", "bearer", "negotiate", "basic");
    assertThat(challenges.get(1).params()).isEqualTo(Map.of("realm", "https://r/token", "service", "reg"));
    assertThat(challenges.get(2).params()).isEmpty();
    assertThat(challenges.get(3).realm()).hasValue("x");
  }

  @Test
  void unquotesEscapesAndKeepsCommasInsideQuotes() {
    Challenge c = Challenge.parse("Bearer realm=\"a\\\"b\",scope=\"repository:a:pull repository:b:pull,push\"").get(0);

    assertThat(c.realm()).hasValue("a\"b");
    assertThat(c.scopes()).containsExactly("repository:a:pull", "repository:b:pull,push");
  }

  @Test
  void aSchemeWithoutParametersIsAChallengeAndGarbageIsNotFatal() {
    assertThat(Challenge.parse("Basic")).extracting(Challenge::scheme).containsExactly("basic");
    assertThat(Challenge.parse("")).isEmpty();
    assertThat(Challenge.parse(",,, =\"")).isEmpty();
    assertThat(Challenge.parse("Bearer realm=\"unterminated").get(0).realm()).hasValue("unterminated");
  }
}
